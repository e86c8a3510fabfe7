package io.eventlens.realtime;

import io.netty.handler.codec.TooLongFrameException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.Decoder;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.graphql.server.support.GraphQlWebSocketMessage;
import org.springframework.graphql.server.support.GraphQlWebSocketMessageType;
import org.springframework.http.MediaType;
import org.springframework.http.codec.CodecConfigurer;
import org.springframework.http.codec.DecoderHttpMessageReader;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;

/**
 * Closes a graphql-transport-ws connection with 4400 and a reason on a client message Spring's handler cannot take:
 * text (or a binary frame) that is no protocol message in JSON, a payload that is not an object, a {@code subscribe}
 * without a payload or with an unusable one. Spring's handler closes with 4400 for what it checks itself, but these
 * fail inside it instead: the failure cancels the connection's inbound stream, Reactor Netty answers that cancel with
 * a close frame without a code (the client sees 1005), and a close with a code can no longer go out. So they are
 * recognised here, before the handler sees them. WebSocket pong frames (an unsolicited pong is a valid heartbeat)
 * are no protocol messages either and are dropped here.
 */
final class InvalidMessages {

    /** graphql-transport-ws: "a message of a type or format which is not specified" closes with this code. */
    static final int INVALID_MESSAGE = 4400;

    /** RFC 6455: "a message that is too big for it to process". */
    static final int MESSAGE_TOO_BIG = 1009;

    private static final ResolvableType MESSAGE = ResolvableType.forClass(GraphQlWebSocketMessage.class);

    private final Decoder<?> decoder;

    /** @param codecs the codecs Spring's handler is given: the same JSON decoder decides what it can read */
    InvalidMessages(CodecConfigurer codecs) {
        this.decoder = codecs.getReaders().stream()
                .filter(reader -> reader.canRead(MESSAGE, MediaType.APPLICATION_JSON))
                .filter(DecoderHttpMessageReader.class::isInstance)
                .map(reader -> ((DecoderHttpMessageReader<?>) reader).getDecoder())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No JSON decoder for WebSocket messages"));
    }

    /**
     * The messages of {@code inbound} the handler can take. At the first it cannot, {@code session} is closed with
     * 4400 at once (the close frame goes out before anything can cancel the inbound stream); later ones are dropped
     * while the connection closes.
     */
    Flux<WebSocketMessage> checked(WebSocketSession session, Flux<WebSocketMessage> inbound) {
        AtomicBoolean closing = new AtomicBoolean();
        return inbound.doOnError(error -> closeIfTooBig(session, error)).handle((message, sink) -> {
            if (closing.get()
                    || message.getType() == WebSocketMessage.Type.PONG
                    || message.getType() == WebSocketMessage.Type.PING) {
                return;
            }
            String problem = problem(message);
            if (problem == null) {
                sink.next(message);
                return;
            }
            closing.set(true);
            session.close(CloseReasons.fitting(new CloseStatus(INVALID_MESSAGE, "Invalid message: " + problem)))
                    .onErrorComplete()
                    .subscribe();
        });
    }

    /**
     * RFC 6455 closes a message too big to take with 1009. Reactor Netty fails the inbound stream instead (the frame
     * aggregator's limit), and the handler's failure cancels it, which Reactor Netty answers with a close without a
     * code. Closing here, as the failure passes, puts the 1009 out first; the later close is not sent (one per
     * connection).
     */
    private static void closeIfTooBig(WebSocketSession session, Throwable error) {
        if (error instanceof TooLongFrameException) {
            String reason = "Message too big: a message may have at most "
                    + SessionExposingWebSocketHandler.MAX_FRAME_BYTES / 1024 + " KB";
            session.close(new CloseStatus(MESSAGE_TOO_BIG, reason))
                    .onErrorComplete()
                    .subscribe();
        }
    }

    /** What is wrong with {@code message} that Spring's handler would fail on, or null if it can take it. */
    @Nullable
    String problem(WebSocketMessage message) {
        GraphQlWebSocketMessage decoded;
        DataBuffer payload = message.getPayload();
        int start = payload.readPosition();
        try {
            // The decoder releases what it reads; the frame is released after this, as for the handler's decoding.
            decoded = (GraphQlWebSocketMessage)
                    decoder.decode(DataBufferUtils.retain(payload), MESSAGE, MediaType.APPLICATION_JSON, null);
        } catch (RuntimeException notAMessage) {
            return "not a graphql-transport-ws message in JSON";
        } finally {
            payload.readPosition(start); // the handler reads it again
        }
        if (decoded == null) {
            return null; // the handler closes with 4400 itself
        }
        GraphQlWebSocketMessageType type = decoded.resolvedType();
        Object content;
        try {
            content = decoded.getPayload();
        } catch (IllegalStateException missing) {
            return type.value() + " needs a payload";
        }
        if (!(content instanceof Map<?, ?> fields)) {
            return "the payload of " + type.value() + " must be an object";
        }
        if (type != GraphQlWebSocketMessageType.SUBSCRIBE) {
            return null;
        }
        if (!(fields.get("query") instanceof String query) || query.isBlank()) {
            return "the subscribe payload needs a query (a string)";
        }
        if (fields.get("operationName") != null && !(fields.get("operationName") instanceof String)) {
            return "operationName must be a string";
        }
        for (String key : new String[] {"variables", "extensions"}) {
            if (fields.get(key) != null && !(fields.get(key) instanceof Map)) {
                return key + " must be an object";
            }
        }
        return null;
    }
}
