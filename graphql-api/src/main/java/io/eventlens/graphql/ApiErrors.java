package io.eventlens.graphql;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import io.eventlens.core.access.AccessException;
import io.eventlens.core.access.RateLimitedException;
import io.eventlens.core.expression.ExpressionException;
import io.eventlens.core.ingest.BatchRejectedException;
import io.eventlens.core.query.QueryException;
import io.eventlens.core.storage.OverloadedException;
import io.eventlens.core.storage.ReadTooSlowException;
import io.eventlens.core.storage.StorageUnavailableException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;

/**
 * Turns every failure of a data fetcher into a GraphQL error with {@code extensions.code} (and {@code field} where an
 * input is at fault). Unexpected failures are logged and answered with a generic message, never a stack trace.
 */
final class ApiErrors extends DataFetcherExceptionResolverAdapter {

    static final String STORAGE_UNAVAILABLE = "STORAGE_UNAVAILABLE";
    static final String INTERNAL = "INTERNAL";
    static final String RATE_LIMITED = "RATE_LIMITED";
    /** Storage is healthy but this kind of read is at capacity; retry after {@code retryAfterMs}. */
    static final String OVERLOADED = "OVERLOADED";
    /** The read took longer than its kind may and was stopped; the message says what to change. */
    static final String READ_TIMEOUT = "READ_TIMEOUT";
    /** The body is no GraphQL request: not JSON (400), or JSON of another shape (422). */
    static final String BAD_REQUEST = "BAD_REQUEST";
    /** The document does not parse. */
    static final String SYNTAX_ERROR = "SYNTAX_ERROR";
    /** The document does not validate against the schema, names no single operation, or its variables do not fit. */
    static final String VALIDATION_FAILED = "VALIDATION_FAILED";

    /** Operations taking a single input object: core paths are relative to it, clients see them under its name. */
    private static final String INPUT_ARGUMENT = "input";

    @Override
    protected GraphQLError resolveToSingleError(Throwable failure, DataFetchingEnvironment env) {
        return switch (failure) {
            case QueryException e -> {
                String field = argumentPath(env, e.field());
                yield error(env, ErrorType.BAD_REQUEST, e.code().name(), field, field + ": " + problem(e));
            }
            case ExpressionException e -> {
                // The name or the expression of a definition; the code is the language's own, next to the position.
                String field =
                        argumentPath(env, e.code() == ExpressionException.Code.INVALID_NAME ? "name" : "expression");
                GraphQLError error =
                        error(env, ErrorType.BAD_REQUEST, e.code().name(), field, field + ": " + e.getMessage());
                error.getExtensions().put("position", e.position());
                if (e.definition() != null) {
                    error.getExtensions().put("definition", e.definition());
                }
                yield error;
            }
            case AccessException e -> {
                ErrorType type = switch (e.code()) {
                    case UNAUTHENTICATED -> ErrorType.UNAUTHORIZED;
                    case FORBIDDEN -> ErrorType.FORBIDDEN;
                    case NOT_FOUND -> ErrorType.NOT_FOUND;
                    case CONFLICT, INVALID_ARGUMENT -> ErrorType.BAD_REQUEST;
                };
                String field = e.field() == null ? null : argumentPath(env, e.field());
                yield error(env, type, e.code().name(), field, String.valueOf(e.getMessage()));
            }
            case RateLimitedException e -> {
                GraphQLError error =
                        error(env, ErrorType.BAD_REQUEST, RATE_LIMITED, null, String.valueOf(e.getMessage()));
                error.getExtensions().put("retryAfterMs", e.retryAfter().toMillis());
                yield error;
            }
            case BatchRejectedException e ->
                error(env, ErrorType.BAD_REQUEST, e.code().name(), "events", "events: " + e.getMessage());
            case OverloadedException e -> {
                // Load, not failure: no stack trace, and the client is told when to come back.
                GraphQLError error =
                        error(env, ErrorType.INTERNAL_ERROR, OVERLOADED, null, String.valueOf(e.getMessage()));
                error.getExtensions().put("retryAfterMs", e.retryAfter().toMillis());
                yield error;
            }
            case ReadTooSlowException e ->
                error(env, ErrorType.BAD_REQUEST, READ_TIMEOUT, null, String.valueOf(e.getMessage()));
            case StorageUnavailableException e -> {
                // One line each, as ingest logs them: an outage answers many requests, and a stack trace per
                // request buried the lines that say what happened (the fault loop's logs: 112 in a minute).
                logger.warn("Storage unavailable during "
                        + env.getExecutionStepInfo().getPath() + ": " + e.getMessage());
                logger.debug("Storage failure in detail", e);
                yield error(
                        env,
                        ErrorType.INTERNAL_ERROR,
                        STORAGE_UNAVAILABLE,
                        null,
                        "The event store is unavailable right now; retry shortly.");
            }
            default -> {
                logger.error(
                        "Unexpected failure during "
                                + env.getExecutionStepInfo().getPath(),
                        failure);
                yield error(
                        env,
                        ErrorType.INTERNAL_ERROR,
                        INTERNAL,
                        null,
                        "Internal error; the server log has the details.");
            }
        };
    }

    private static String argumentPath(DataFetchingEnvironment env, String field) {
        return env.getFieldDefinition().getArgument(INPUT_ARGUMENT) != null ? INPUT_ARGUMENT + "." + field : field;
    }

    /** The exception's message without its own field prefix, which the API replaces with the full argument path. */
    private static String problem(QueryException e) {
        String message = String.valueOf(e.getMessage());
        String prefix = e.field() + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static GraphQLError error(
            DataFetchingEnvironment env, ErrorType type, String code, @Nullable String field, String message) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", code);
        if (field != null) {
            extensions.put("field", field);
        }
        return GraphqlErrorBuilder.newError(env)
                .errorType(type)
                .message(message)
                .extensions(extensions)
                .build();
    }
}
