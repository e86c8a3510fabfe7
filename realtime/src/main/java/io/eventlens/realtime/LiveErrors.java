package io.eventlens.realtime;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import io.eventlens.core.access.AccessException;
import io.eventlens.core.access.RateLimitedException;
import io.eventlens.core.query.QueryException;
import io.eventlens.core.storage.OverloadedException;
import io.eventlens.core.storage.ReadTooSlowException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.execution.SubscriptionExceptionResolverAdapter;

/**
 * Turns a failed subscription into the graphql-transport-ws {@code error} message clients expect from the query
 * API: {@code extensions.code} and, where an input is at fault, {@code extensions.field}; never a stack trace.
 */
final class LiveErrors extends SubscriptionExceptionResolverAdapter {

    private static final Logger log = LoggerFactory.getLogger(LiveErrors.class);

    @Override
    protected GraphQLError resolveToSingleError(Throwable failure) {
        if (failure instanceof QueryException e) {
            return GraphqlErrorBuilder.newError()
                    .errorType(ErrorType.BAD_REQUEST)
                    .message(e.field() + ": " + problem(e))
                    .extensions(Map.of("code", e.code().name(), "field", e.field()))
                    .build();
        }
        if (failure instanceof RateLimitedException e) {
            return GraphqlErrorBuilder.newError()
                    .errorType(ErrorType.BAD_REQUEST)
                    .message(String.valueOf(e.getMessage()))
                    .extensions(Map.of(
                            "code",
                            "RATE_LIMITED",
                            "retryAfterMs",
                            e.retryAfter().toMillis()))
                    .build();
        }
        if (failure instanceof OverloadedException e) {
            return GraphqlErrorBuilder.newError()
                    .errorType(ErrorType.INTERNAL_ERROR)
                    .message(String.valueOf(e.getMessage()))
                    .extensions(Map.of(
                            "code", "OVERLOADED", "retryAfterMs", e.retryAfter().toMillis()))
                    .build();
        }
        if (failure instanceof ReadTooSlowException e) {
            return GraphqlErrorBuilder.newError()
                    .errorType(ErrorType.BAD_REQUEST)
                    .message(String.valueOf(e.getMessage()))
                    .extensions(Map.of("code", "READ_TIMEOUT"))
                    .build();
        }
        if (failure instanceof AccessException e) {
            return GraphqlErrorBuilder.newError()
                    .errorType(
                            e.code() == AccessException.Code.UNAUTHENTICATED
                                    ? ErrorType.UNAUTHORIZED
                                    : ErrorType.FORBIDDEN)
                    .message(String.valueOf(e.getMessage()))
                    .extensions(Map.of("code", e.code().name()))
                    .build();
        }
        log.error("Unexpected failure of a subscription", failure);
        return GraphqlErrorBuilder.newError()
                .errorType(ErrorType.INTERNAL_ERROR)
                .message("Internal error; the server log has the details.")
                .extensions(Map.of("code", "INTERNAL"))
                .build();
    }

    private static String problem(QueryException e) {
        String message = String.valueOf(e.getMessage());
        String prefix = e.field() + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }
}
