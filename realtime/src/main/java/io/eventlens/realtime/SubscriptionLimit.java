package io.eventlens.realtime;

import graphql.schema.DataFetchingEnvironment;
import io.eventlens.core.query.ErrorCode;
import io.eventlens.core.query.QueryException;
import java.util.HashMap;
import java.util.Map;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Caps the subscriptions open at once on one WebSocket. One more closes the connection with {@link #CLOSE_CODE}: a
 * client that opens subscriptions in a loop is broken, and keeping its connection would only hide that.
 */
final class SubscriptionLimit implements WebGraphQlInterceptor {

    /** graphql-transport-ws leaves 4400-4499 to the server; this one means "too many subscriptions". */
    static final int CLOSE_CODE = 4420;

    /** The GraphQL context key of the WebSocket a request came over. */
    static final String SESSION_INFO = SubscriptionLimit.class.getName() + ".sessionInfo";

    /** The session attribute under which {@link SessionExposingWebSocketHandler} keeps the WebSocket itself. */
    static final String SESSION = SubscriptionLimit.class.getName() + ".session";

    private final int max;
    private final Map<String, Integer> open = new HashMap<>();
    private final LiveMeters meters;

    SubscriptionLimit(int max) {
        this(max, LiveMeters.unregistered());
    }

    SubscriptionLimit(int max, LiveMeters meters) {
        this.max = max;
        this.meters = meters;
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        if (request instanceof WebSocketGraphQlRequest webSocket) {
            WebSocketSessionInfo info = webSocket.getSessionInfo();
            request.configureExecutionInput((input, builder) ->
                    builder.graphQLContext(Map.of(SESSION_INFO, info)).build());
        }
        return chain.next(request);
    }

    /** Counts {@code subscription} against its connection's limit while it is open. */
    <T> Flux<T> admit(DataFetchingEnvironment env, Flux<T> subscription) {
        WebSocketSessionInfo info = env.getGraphQlContext().get(SESSION_INFO);
        if (info == null) {
            return subscription; // not over a WebSocket: nothing to count against
        }
        return admit(info, subscription);
    }

    /** Counts {@code subscription} against the limit of the connection {@code info} while it is open. */
    <T> Flux<T> admit(WebSocketSessionInfo info, Flux<T> subscription) {
        String id = info.getId();
        return Flux.defer(() -> {
            synchronized (open) {
                int count = open.getOrDefault(id, 0);
                if (count >= max) {
                    close(info);
                    return Flux.error(new QueryException(
                            ErrorCode.INVALID_ARGUMENT,
                            "subscription",
                            "this connection already has " + max + " subscriptions open, the limit; it is closed with "
                                    + CLOSE_CODE));
                }
                open.put(id, count + 1);
            }
            meters.opened();
            return subscription.doFinally(signal -> {
                meters.closed();
                synchronized (open) {
                    open.computeIfPresent(id, (key, count) -> count == 1 ? null : count - 1);
                }
            });
        });
    }

    int openOn(String sessionId) {
        synchronized (open) {
            return open.getOrDefault(sessionId, 0);
        }
    }

    private void close(WebSocketSessionInfo info) {
        Object session = info.getAttributes().get(SESSION);
        if (session instanceof WebSocketSession webSocket) {
            webSocket
                    .close(new CloseStatus(CLOSE_CODE, "Too many subscriptions: at most " + max + " per connection"))
                    .subscribe();
        }
    }
}
