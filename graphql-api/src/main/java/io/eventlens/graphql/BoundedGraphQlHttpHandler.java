package io.eventlens.graphql;

import java.util.List;
import java.util.Map;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webflux.GraphQlHttpHandler;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The {@code /graphql} endpoint with its own request size limit: WebFlux's default of 256 KB is less than an ingest
 * mutation of a full batch, and a body over the limit gets a 413 with a GraphQL error instead of a 500.
 */
final class BoundedGraphQlHttpHandler extends GraphQlHttpHandler {

    static final String BODY_TOO_LARGE = "BODY_TOO_LARGE";

    private final DataSize maxRequestSize;

    BoundedGraphQlHttpHandler(WebGraphQlHandler handler, DataSize maxRequestSize) {
        super(handler, codecs(maxRequestSize));
        this.maxRequestSize = maxRequestSize;
    }

    private static ServerCodecConfigurer codecs(DataSize maxRequestSize) {
        ServerCodecConfigurer codecs = ServerCodecConfigurer.create();
        codecs.defaultCodecs().maxInMemorySize(Math.toIntExact(maxRequestSize.toBytes()));
        return codecs;
    }

    @Override
    public Mono<ServerResponse> handleRequest(ServerRequest request) {
        return super.handleRequest(request).onErrorResume(DataBufferLimitException.class, e -> ServerResponse
                .status(HttpStatus.CONTENT_TOO_LARGE).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("errors", List.of(Map.of(
                        "message", "The request is larger than " + maxRequestSize.toKilobytes()
                                + " KB; send fewer events per mutation, or bigger batches to POST /v1/events.",
                        "extensions", Map.of("code", BODY_TOO_LARGE))))));
    }
}
