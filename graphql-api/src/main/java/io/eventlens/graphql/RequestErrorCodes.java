package io.eventlens.graphql;

import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import reactor.core.publisher.Mono;

/**
 * Gives the errors graphql-java raises before an operation runs (the document does not parse, does not validate, or
 * its variables do not fit) an {@code extensions.code} like every other error of the API; their
 * {@code classification} stays.
 */
final class RequestErrorCodes implements WebGraphQlInterceptor {

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        return chain.next(request).map(response -> {
            List<GraphQLError> errors = response.getExecutionResult().getErrors();
            if (errors.stream().noneMatch(error -> missingCode(error) != null)) {
                return response;
            }
            return response.transform(builder ->
                    builder.errors(errors.stream().map(RequestErrorCodes::coded).toList()));
        });
    }

    private static GraphQLError coded(GraphQLError error) {
        String code = missingCode(error);
        if (code == null) {
            return error;
        }
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", code);
        if (error.getExtensions() != null) {
            extensions.putAll(error.getExtensions());
        }
        return GraphqlErrorBuilder.newError()
                .message(error.getMessage())
                .locations(error.getLocations())
                .path(error.getPath())
                .errorType(error.getErrorType())
                .extensions(extensions)
                .build();
    }

    /** The code an error lacks, or null when it has one or is none of these. */
    private static @Nullable String missingCode(GraphQLError error) {
        if (error.getExtensions() != null && error.getExtensions().containsKey("code")) {
            return null;
        }
        ErrorClassification type = error.getErrorType();
        if (type == ErrorType.InvalidSyntax) {
            return ApiErrors.SYNTAX_ERROR;
        }
        if (type == ErrorType.ValidationError) {
            return ApiErrors.VALIDATION_FAILED;
        }
        return null;
    }
}
