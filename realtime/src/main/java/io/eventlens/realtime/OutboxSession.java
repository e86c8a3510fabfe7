package io.eventlens.realtime;

import java.util.Map;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A WebSocket whose handler's messages go out through the connection's {@link Outbox}, with the shared results, and
 * whose incoming messages pass {@link InvalidMessages} before the handler reads them, and whose close reasons fit a
 * close frame ({@link CloseReasons}).
 */
final class OutboxSession implements WebSocketSession {

    private final WebSocketSession socket;
    private final Outbox outbox;
    private final InvalidMessages invalid;

    OutboxSession(WebSocketSession socket, Outbox outbox, InvalidMessages invalid) {
        this.socket = socket;
        this.outbox = outbox;
        this.invalid = invalid;
    }

    @Override
    public Mono<Void> send(Publisher<WebSocketMessage> messages) {
        return socket.send(outbox.merge(messages));
    }

    @Override
    public String getId() {
        return socket.getId();
    }

    @Override
    public HandshakeInfo getHandshakeInfo() {
        return socket.getHandshakeInfo();
    }

    @Override
    public DataBufferFactory bufferFactory() {
        return socket.bufferFactory();
    }

    @Override
    public Map<String, Object> getAttributes() {
        return socket.getAttributes();
    }

    @Override
    public Flux<WebSocketMessage> receive() {
        return invalid.checked(socket, socket.receive());
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    public Mono<Void> close(CloseStatus status) {
        return socket.close(CloseReasons.fitting(status));
    }

    @Override
    public Mono<CloseStatus> closeStatus() {
        return socket.closeStatus();
    }

    @Override
    public WebSocketMessage textMessage(String payload) {
        return socket.textMessage(payload);
    }

    @Override
    public WebSocketMessage binaryMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
        return socket.binaryMessage(payloadFactory);
    }

    @Override
    public WebSocketMessage pingMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
        return socket.pingMessage(payloadFactory);
    }

    @Override
    public WebSocketMessage pongMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
        return socket.pongMessage(payloadFactory);
    }
}
