package io.eventlens.realtime;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webflux.GraphQlWebSocketHandler;
import org.springframework.http.codec.CodecConfigurer;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring's graphql-transport-ws handler, keeping each WebSocket in its own attributes (the session info that
 * requests carry has no way to close the connection, which {@link SubscriptionLimit} needs) and sending through the
 * connection's {@link Outbox}, where shared subscriptions write their results. Messages it would fail on close the
 * connection with 4400 before it reads them ({@link InvalidMessages}). At a stop, {@link SubscriptionShutdown} closes
 * the connections it handles.
 */
final class SessionExposingWebSocketHandler extends GraphQlWebSocketHandler {

    /** Reactor Netty's limit on one WebSocket message (its default). */
    static final int MAX_FRAME_BYTES = 65_536;

    private final JsonMapper json;
    private final LiveMeters meters;
    private final InvalidMessages invalid;
    private final SubscriptionShutdown shutdown;

    SessionExposingWebSocketHandler(
            WebGraphQlHandler handler,
            CodecConfigurer codecs,
            Duration initTimeout,
            @Nullable Duration keepAlive,
            JsonMapper json,
            LiveMeters meters,
            SubscriptionShutdown shutdown) {
        super(handler, codecs, initTimeout, keepAlive);
        this.shutdown = shutdown;
        DroppedErrors.install();
        this.json = json;
        this.meters = meters;
        this.invalid = new InvalidMessages(codecs);
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        Outbox outbox = new Outbox(session.bufferFactory(), json, meters);
        session.getAttributes().put(SubscriptionLimit.SESSION, session);
        session.getAttributes().put(Outbox.ATTRIBUTE, outbox);
        return shutdown.closedAtStop(session, super.handle(new OutboxSession(session, outbox, invalid)));
    }
}
