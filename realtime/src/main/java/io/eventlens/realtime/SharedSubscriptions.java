package io.eventlens.realtime;

import graphql.ExecutionResult;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import io.eventlens.core.ProjectId;
import io.eventlens.core.access.AccessException;
import io.eventlens.core.access.Caller;
import io.eventlens.core.access.RateLimits;
import io.eventlens.core.access.Scope;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.graphql.execution.SubscriptionPublisherException;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Identical live subscriptions on one instance share one GraphQL execution per push: the same project, document,
 * operation and variables give the same result, so the first subscriber's execution is {@link Broadcast broadcast}
 * to the others, encoded once and written to each connection's {@link Outbox}, instead of running the selection set
 * and the encoding once per subscriber (the costs that bounded fan-out). Each subscriber is still admitted on its own
 * — the per-connection limit, the per-key concurrent-subscription limit and shutdown apply per subscription, here
 * rather than in the resolver.
 */
final class SharedSubscriptions implements WebGraphQlInterceptor {

    /** GraphQL context flag: admission happens here, the resolver must not admit the subscription again. */
    static final String ADMITTED = SharedSubscriptions.class.getName() + ".admitted";

    /** Root fields whose results depend only on project and arguments (an event stream counts drops per subscriber). */
    private static final Set<String> SHAREABLE = Set.of("liveReport", "overviewLive");

    private record Key(
            ProjectId project, String document, @Nullable String operation, Map<String, @Nullable Object> variables) {}

    private final Map<Key, Broadcast> shared = new ConcurrentHashMap<>();
    private final SubscriptionLimit limit;
    private final SubscriptionShutdown shutdown;
    private final RateLimits rateLimits;
    private final JsonMapper json;
    private final LiveErrors errors;

    SharedSubscriptions(
            SubscriptionLimit limit,
            SubscriptionShutdown shutdown,
            RateLimits rateLimits,
            JsonMapper json,
            LiveErrors errors) {
        this.json = json;
        this.errors = errors;
        this.limit = limit;
        this.shutdown = shutdown;
        this.rateLimits = rateLimits;
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        if (!(request instanceof WebSocketGraphQlRequest webSocket)
                || !(webSocket.getSessionInfo().getAttributes().get(Caller.CONTEXT_KEY) instanceof Caller caller)) {
            return chain.next(request); // the resolver admits (or refuses) it as before
        }
        request.configureExecutionInput((input, builder) ->
                builder.graphQLContext(Map.of(ADMITTED, true)).build());
        return chain.next(request)
                .map(response -> {
                    if (!(response.getExecutionResult().getData() instanceof Publisher<?> own)) {
                        return response; // a query, a mutation, or a subscription refused before it started
                    }
                    @SuppressWarnings("unchecked")
                    Flux<ExecutionResult> results = Flux.from((Publisher<ExecutionResult>) own);
                    ProjectId project = readableProject(caller);
                    Outbox outbox =
                            (Outbox) webSocket.getSessionInfo().getAttributes().get(Outbox.ATTRIBUTE);
                    if (project != null && outbox != null && SHAREABLE.contains(rootField(request))) {
                        Key key = new Key(
                                project, request.getDocument(), request.getOperationName(), request.getVariables());
                        results = member(key, results, outbox.slot(request.getId()));
                    }
                    Flux<ExecutionResult> admitted = limit.admit(
                                    webSocket.getSessionInfo(),
                                    rateLimits.hold(caller, shutdown.untilShutdown(results)))
                            // Refusals happen here, outside the execution whose errors LiveErrors resolves: resolve
                            // them
                            // too, or the WebSocket handler sends "Subscription error" and logs a stack trace.
                            .onErrorResume(failure -> failure instanceof SubscriptionPublisherException
                                    ? Flux.error(failure)
                                    : errors.resolveException(failure)
                                            .flatMapMany(resolved ->
                                                    Flux.error(new SubscriptionPublisherException(resolved, failure))));
                    return response.transform(builder -> builder.data(admitted));
                })
                // Spring cancels a request's GraphQL execution when its subscriber goes, even after the response
                // came; a shared execution serves the others too, so only the last member leaving may stop it
                // (Broadcast does). The cache keeps that cancel from reaching the execution.
                .cache();
    }

    /**
     * A subscriber of {@code key}'s one execution, started with {@code own} if it is the first: results reach the
     * subscriber through {@code slot}, not through the handler.
     */
    private Flux<ExecutionResult> member(Key key, Flux<ExecutionResult> own, Outbox.Slot slot) {
        return Flux.defer(() -> {
            while (true) {
                Broadcast broadcast =
                        shared.computeIfAbsent(key, k -> new Broadcast(own, json, over -> shared.remove(k, over)));
                Flux<ExecutionResult> joined = broadcast.join(slot);
                if (joined != null) {
                    return joined;
                }
                shared.remove(key, broadcast); // over, but not forgotten yet: start another
            }
        });
    }

    /** The caller's project, or null when it may not read: its subscription then fails on its own, unshared. */
    private static @Nullable ProjectId readableProject(Caller caller) {
        try {
            return caller.project(Scope.READ);
        } catch (AccessException refused) {
            return null;
        }
    }

    private static @Nullable String rootField(WebGraphQlRequest request) {
        Document document = Parser.parse(request.getDocument());
        return document.getDefinitionsOfType(OperationDefinition.class).stream()
                .filter(operation -> request.getOperationName() == null
                        || Objects.equals(operation.getName(), request.getOperationName()))
                .findFirst()
                .flatMap(operation -> operation.getSelectionSet().getSelectionsOfType(Field.class).stream()
                        .findFirst())
                .map(Field::getName)
                .orElse(null);
    }
}
