package io.eventlens.graphql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.graphql.MediaTypes;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.server.NotAcceptableStatusException;

/**
 * The media type of a {@code /graphql} answer, from the request's {@code Accept}: the one ranked highest of
 * {@code application/graphql-response+json} and {@code application/json}. Without an {@code Accept}, or for
 * {@code *}{@code /*}, the specification leaves the choice to the server: {@code application/graphql-response+json},
 * whose status codes tell a refused request from one that ran.
 */
final class ResponseMediaType {

    static final MediaType GRAPHQL_RESPONSE = MediaTypes.APPLICATION_GRAPHQL_RESPONSE;

    /** The draft's earlier name; Spring for GraphQL still answers it, as JSON. */
    private static final MediaType LEGACY_GRAPHQL_JSON = new MediaType("application", "graphql+json");

    private ResponseMediaType() {}

    /** The type to answer in; an {@code Accept} that does not parse is refused with 406. */
    static MediaType of(ServerRequest request) {
        try {
            return choose(request.headers().accept());
        } catch (InvalidMediaTypeException e) {
            throw new NotAcceptableStatusException("Could not parse the Accept header: " + e.getMessage());
        }
    }

    /** The same choice for an answer that must be sent whatever the header says (a refused request). */
    static MediaType orJson(ServerRequest request) {
        try {
            return choose(request.headers().accept());
        } catch (InvalidMediaTypeException e) {
            return MediaType.APPLICATION_JSON;
        }
    }

    private static MediaType choose(List<MediaType> accept) {
        if (accept.isEmpty()) {
            return GRAPHQL_RESPONSE;
        }
        List<MediaType> ranked = new ArrayList<>(accept);
        // Stable: among equal qualities the header's own order counts.
        ranked.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
        for (MediaType type : ranked) {
            if (type.getQualityValue() == 0) {
                continue;
            }
            if (GRAPHQL_RESPONSE.equalsTypeAndSubtype(type)) {
                return GRAPHQL_RESPONSE;
            }
            if (MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)) {
                return MediaType.APPLICATION_JSON;
            }
            if (LEGACY_GRAPHQL_JSON.equalsTypeAndSubtype(type)) {
                return LEGACY_GRAPHQL_JSON;
            }
            if (type.isWildcardType() || type.getType().equals("application") && type.isWildcardSubtype()) {
                return GRAPHQL_RESPONSE;
            }
        }
        return MediaType.APPLICATION_JSON;
    }
}
