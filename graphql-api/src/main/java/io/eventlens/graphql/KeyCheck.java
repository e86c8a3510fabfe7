package io.eventlens.graphql;

import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import io.eventlens.core.access.AccessException;
import io.eventlens.core.access.Authenticator;
import io.eventlens.core.access.Caller;
import io.eventlens.core.access.Limit;
import io.eventlens.core.access.RateLimitedException;
import io.eventlens.core.access.RateLimits;
import io.eventlens.core.storage.StorageUnavailableException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlInterceptor;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;

/**
 * Authenticates every GraphQL operation: over HTTP by its {@code Authorization: Bearer} header, over WebSocket once
 * per connection by the {@code authorization} of the {@code connection_init} payload (a refused key closes the
 * socket with 4401). The caller goes into the GraphQL and the Reactor context, where {@link CurrentProject} and the
 * subscriptions find it. Each operation takes one permit of the key's queries-per-second limit first.
 */
final class KeyCheck implements WebSocketGraphQlInterceptor {

    private static final String AUTHORIZATION = "authorization";

    private final Authenticator authenticator;
    private final RateLimits limits;

    KeyCheck(Authenticator authenticator, RateLimits limits) {
        this.authenticator = authenticator;
        this.limits = limits;
    }

    @Override
    public Mono<Object> handleConnectionInitialization(WebSocketSessionInfo info, Map<String, Object> payload) {
        Object authorization = payload.get(AUTHORIZATION);
        if (authorization == null) {
            authorization = payload.get(HttpHeaders.AUTHORIZATION);
        }
        return authenticator
                .authenticate(authorization instanceof String text ? text : null)
                .doOnNext(caller -> info.getAttributes().put(Caller.CONTEXT_KEY, caller))
                .then(Mono.empty());
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        return caller(request)
                .flatMap(caller -> (subscription(request) ? Mono.<Void>empty() : limits.take(caller, Limit.QUERIES, 1))
                        .then(Mono.defer(() -> {
                            request.configureExecutionInput(
                                    (input, builder) -> builder.graphQLContext(Map.of(Caller.CONTEXT_KEY, caller))
                                            .build());
                            return chain.next(request).contextWrite(caller.context());
                        })))
                .onErrorResume(
                        AccessException.class,
                        e -> refused(request, ErrorType.UNAUTHORIZED, e.code().name(), e.getMessage()))
                .onErrorResume(
                        RateLimitedException.class,
                        e -> refused(request, ErrorType.BAD_REQUEST, ApiErrors.RATE_LIMITED, e.getMessage())
                                .map(response -> {
                                    response.getExecutionResult()
                                            .getErrors()
                                            .getFirst()
                                            .getExtensions()
                                            .put("retryAfterMs", e.retryAfter().toMillis());
                                    response.getResponseHeaders()
                                            .set(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()));
                                    return response;
                                }))
                .onErrorResume(
                        StorageUnavailableException.class,
                        e -> refused(
                                request,
                                ErrorType.INTERNAL_ERROR,
                                ApiErrors.STORAGE_UNAVAILABLE,
                                "The key store is unavailable right now; retry shortly."));
    }

    /**
     * Whether the request starts a subscription: those count against the concurrent-subscriptions limit instead
     * (only WebSocket requests can be one).
     */
    private static boolean subscription(WebGraphQlRequest request) {
        if (!(request instanceof WebSocketGraphQlRequest)) {
            return false;
        }
        try {
            return Parser.parse(request.getDocument()).getDefinitionsOfType(OperationDefinition.class).stream()
                    .filter(operation -> request.getOperationName() == null
                            || request.getOperationName().equals(operation.getName()))
                    .anyMatch(operation -> operation.getOperation() == OperationDefinition.Operation.SUBSCRIPTION);
        } catch (RuntimeException e) {
            return false; // not parseable: counted as a query, and refused as invalid when it runs
        }
    }

    private Mono<Caller> caller(WebGraphQlRequest request) {
        if (request instanceof WebSocketGraphQlRequest webSocket) {
            Object caller = webSocket.getSessionInfo().getAttributes().get(Caller.CONTEXT_KEY);
            return caller instanceof Caller known ? Mono.just(known) : authenticator.authenticate(null);
        }
        return authenticator.authenticate(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
    }

    /** An answer with one error and no data: the operation never ran. */
    private static Mono<WebGraphQlResponse> refused(
            WebGraphQlRequest request, ErrorType type, String code, @Nullable String message) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", code);
        ExecutionResult result = ExecutionResult.newExecutionResult()
                .addError(GraphqlErrorBuilder.newError()
                        .errorType(type)
                        .message(String.valueOf(message))
                        .extensions(extensions)
                        .build())
                .build();
        return Mono.just(
                new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(), result)));
    }
}
