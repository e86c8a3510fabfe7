package io.eventlens.graphql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.OperationDefinition;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import reactor.core.publisher.Mono;

/** The guards of one GraphQL operation: depth and complexity before it runs, a timeout while it runs. */
final class QueryGuards {

    static final String QUERY_TOO_DEEP = "QUERY_TOO_DEEP";
    static final String QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX";
    static final String QUERY_TIMEOUT = "QUERY_TIMEOUT";

    private QueryGuards() {}

    /**
     * The operations a guard found within its limit. An operation of a document parsed once ({@link ParsedDocuments})
     * is the same object each time it runs, and so are its depth and complexity, unless variables decide which fields
     * it selects ({@code @skip}, {@code @include}): an operation found within the limit is not measured again, except
     * in such documents. Measuring walked the whole operation twice on every request, 3.8 % of the app's CPU on reports
     * (JFR, 2026-12-07).
     */
    private static final class WithinLimit {

        /** By identity, dropped with their document. */
        private final Cache<OperationDefinition, Boolean> operations =
                Caffeine.newBuilder().weakKeys().build();

        @Nullable
        InstrumentationContext<ExecutionResult> measureOnce(
                InstrumentationExecuteOperationParameters parameters,
                Supplier<@Nullable InstrumentationContext<ExecutionResult>> measure) {
            ExecutionContext execution = parameters.getExecutionContext();
            OperationDefinition operation = execution.getOperationDefinition();
            if (operations.getIfPresent(operation) != null) {
                return SimpleInstrumentationContext.noOp();
            }
            @Nullable InstrumentationContext<ExecutionResult> measured = measure.get();
            // Reached only within the limit (beyond it, measuring throws).
            if (!variablesSelectFields(execution.getExecutionInput().getQuery())) {
                operations.put(operation, Boolean.TRUE);
            }
            return measured;
        }

        private static boolean variablesSelectFields(String document) {
            return document.contains("@skip") || document.contains("@include");
        }
    }

    /** Refuses operations nested deeper than the limit, before anything runs; each operation measured once. */
    static final class Depth extends MaxQueryDepthInstrumentation {

        private final WithinLimit withinLimit = new WithinLimit();

        Depth(int maxDepth) {
            super(maxDepth);
        }

        @Override
        public @Nullable InstrumentationContext<ExecutionResult> beginExecuteOperation(
                InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
            return withinLimit.measureOnce(parameters, () -> super.beginExecuteOperation(parameters, state));
        }

        @Override
        protected AbortExecutionException mkAbortException(int depth, int maxDepth) {
            return abort(
                    QUERY_TOO_DEEP,
                    "the operation nests " + depth + " levels deep; at most " + maxDepth + " are allowed",
                    Map.of("depth", depth, "maxDepth", maxDepth));
        }
    }

    /** Refuses operations selecting more fields than the limit, before anything runs; each operation measured once. */
    static final class Complexity extends MaxQueryComplexityInstrumentation {

        private final WithinLimit withinLimit = new WithinLimit();

        Complexity(int maxComplexity) {
            super(maxComplexity);
        }

        @Override
        public @Nullable InstrumentationContext<ExecutionResult> beginExecuteOperation(
                InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
            return withinLimit.measureOnce(parameters, () -> super.beginExecuteOperation(parameters, state));
        }

        @Override
        protected AbortExecutionException mkAbortException(int complexity, int maxComplexity) {
            return abort(
                    QUERY_TOO_COMPLEX,
                    "the operation selects " + complexity + " fields; at most " + maxComplexity + " are allowed",
                    Map.of("complexity", complexity, "maxComplexity", maxComplexity));
        }
    }

    /** Ends a query or mutation that runs longer than the limit with an error, not a dropped socket. */
    static final class Timeout implements WebGraphQlInterceptor {

        private final Duration timeout;

        Timeout(Duration timeout) {
            this.timeout = timeout;
        }

        @Override
        public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
            // A subscription's response is ready at once (its events follow), so this bounds queries and mutations.
            return chain.next(request).timeout(timeout).onErrorResume(TimeoutException.class, e -> {
                GraphQLError error = GraphqlErrorBuilder.newError()
                        .errorType(ErrorType.INTERNAL_ERROR)
                        .message("the operation took longer than " + timeout.toMillis() + " ms and was stopped; "
                                + "narrow its range, filters or fields")
                        .extensions(new LinkedHashMap<>(Map.of("code", QUERY_TIMEOUT)))
                        .build();
                return Mono.just(new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(
                        request.toExecutionInput(),
                        ExecutionResult.newExecutionResult().addError(error).build())));
            });
        }
    }

    private static AbortExecutionException abort(String code, String message, Map<String, Object> details) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", code);
        extensions.putAll(details);
        return new AbortExecutionException(List.of(GraphqlErrorBuilder.newError()
                .errorType(ErrorType.BAD_REQUEST)
                .message(message)
                .extensions(extensions)
                .build()));
    }
}
