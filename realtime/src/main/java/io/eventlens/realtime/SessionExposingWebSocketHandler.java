package io.eventlens.realtime;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webflux.GraphQlWebSocketHandler;
import org.springframework.http.codec.CodecConfigurer;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;

/**
 * Spring's graphql-transport-ws handler, keeping each WebSocket in its own attributes: the session info that
 * requests carry has no way to close the connection, which {@link SubscriptionLimit} needs.
 */
final class SessionExposingWebSocketHandler extends GraphQlWebSocketHandler {

    SessionExposingWebSocketHandler(WebGraphQlHandler handler, CodecConfigurer codecs, Duration initTimeout,
            @Nullable Duration keepAlive) {
        super(handler, codecs, initTimeout, keepAlive);
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        session.getAttributes().put(SubscriptionLimit.SESSION, session);
        return super.handle(session);
    }
}
