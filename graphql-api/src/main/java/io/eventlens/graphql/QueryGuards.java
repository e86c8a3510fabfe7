package io.eventlens.graphql;

import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
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

    /** Refuses operations nested deeper than the limit, before anything runs. */
    static final class Depth extends MaxQueryDepthInstrumentation {

        Depth(int maxDepth) {
            super(maxDepth);
        }

        @Override
        protected AbortExecutionException mkAbortException(int depth, int maxDepth) {
            return abort(
                    QUERY_TOO_DEEP,
                    "the operation nests " + depth + " levels deep; at most " + maxDepth + " are allowed",
                    Map.of("depth", depth, "maxDepth", maxDepth));
        }
    }

    /** Refuses operations selecting more fields than the limit, before anything runs. */
    static final class Complexity extends MaxQueryComplexityInstrumentation {

        Complexity(int maxComplexity) {
            super(maxComplexity);
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
