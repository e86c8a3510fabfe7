package io.eventlens.graphql;

import graphql.ExecutionResult;
import graphql.GraphQLError;
import io.eventlens.core.access.AccessException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * The HTTP status of an {@code application/graphql-response+json} answer, as the GraphQL-over-HTTP specification
 * gives it: 200 when the operation ran (data present, even with errors), otherwise the 4xx or 5xx of why it never
 * ran, read from its first error's {@code extensions.code}.
 */
final class RefusalStatus {

    private static final Map<String, HttpStatus> BY_CODE = Map.ofEntries(
            Map.entry(AccessException.Code.UNAUTHENTICATED.name(), HttpStatus.UNAUTHORIZED),
            Map.entry(AccessException.Code.FORBIDDEN.name(), HttpStatus.FORBIDDEN),
            Map.entry(ApiErrors.RATE_LIMITED, HttpStatus.TOO_MANY_REQUESTS),
            Map.entry(ApiErrors.BAD_REQUEST, HttpStatus.BAD_REQUEST),
            Map.entry(ApiErrors.SYNTAX_ERROR, HttpStatus.BAD_REQUEST),
            // Failed validation, and the server's own validation rules (depth and complexity).
            Map.entry(ApiErrors.VALIDATION_FAILED, HttpStatus.UNPROCESSABLE_CONTENT),
            Map.entry(QueryGuards.QUERY_TOO_DEEP, HttpStatus.UNPROCESSABLE_CONTENT),
            Map.entry(QueryGuards.QUERY_TOO_COMPLEX, HttpStatus.UNPROCESSABLE_CONTENT),
            Map.entry(BoundedGraphQlHttpHandler.BODY_TOO_LARGE, HttpStatus.CONTENT_TOO_LARGE),
            Map.entry(ApiErrors.STORAGE_UNAVAILABLE, HttpStatus.SERVICE_UNAVAILABLE),
            Map.entry(QueryGuards.QUERY_TIMEOUT, HttpStatus.SERVICE_UNAVAILABLE),
            Map.entry(ApiErrors.INTERNAL, HttpStatus.INTERNAL_SERVER_ERROR));

    private RefusalStatus() {}

    static HttpStatus of(ExecutionResult result) {
        if (result.isDataPresent()) {
            return HttpStatus.OK;
        }
        List<GraphQLError> errors = result.getErrors();
        @Nullable
        Map<String, Object> extensions =
                errors.isEmpty() ? null : errors.getFirst().getExtensions();
        Object code = extensions == null ? null : extensions.get("code");
        // Any other refusal without data lies in the request.
        return code instanceof String known
                ? BY_CODE.getOrDefault(known, HttpStatus.BAD_REQUEST)
                : HttpStatus.BAD_REQUEST;
    }
}
