package io.eventlens.realtime;

import io.netty.handler.codec.TooLongFrameException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webflux.GraphQlWebSocketHandler;
import org.springframework.http.codec.CodecConfigurer;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring's graphql-transport-ws handler, keeping each WebSocket in its own attributes (the session info that
 * requests carry has no way to close the connection, which {@link SubscriptionLimit} needs) and sending through the
 * connection's {@link Outbox}, where shared subscriptions write their results.
 */
final class SessionExposingWebSocketHandler extends GraphQlWebSocketHandler {

    /** Reactor Netty's limit on one WebSocket message (its default). */
    static final int MAX_FRAME_BYTES = 65_536;

    private final JsonMapper json;
    private final LiveMeters meters;

    SessionExposingWebSocketHandler(WebGraphQlHandler handler, CodecConfigurer codecs, Duration initTimeout,
            @Nullable Duration keepAlive, JsonMapper json, LiveMeters meters) {
        super(handler, codecs, initTimeout, keepAlive);
        DroppedErrors.install();
        this.json = json;
        this.meters = meters;
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        Outbox outbox = new Outbox(session.bufferFactory(), json, meters);
        session.getAttributes().put(SubscriptionLimit.SESSION, session);
        session.getAttributes().put(Outbox.ATTRIBUTE, outbox);
        // A frame over the size limit, or a message the protocol handler fails on, ends the session with an error:
        // without this the client saw a close without a code (1005) and the log a stack trace (WebSocketFuzzTests).
        return super.handle(new OutboxSession(session, outbox))
                .onErrorResume(error -> session.close(closeStatus(error)));
    }

    /** 1009 for a frame over the limit, 4400 (graphql-transport-ws: invalid message) for anything else. */
    static CloseStatus closeStatus(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof TooLongFrameException) {
                return CloseStatus.TOO_BIG_TO_PROCESS.withReason("A message is larger than "
                        + MAX_FRAME_BYTES / 1024 + " KB");
            }
        }
        return new CloseStatus(4400, "Invalid message");
    }
}
