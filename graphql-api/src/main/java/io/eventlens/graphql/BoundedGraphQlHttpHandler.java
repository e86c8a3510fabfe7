package io.eventlens.graphql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.webflux.GraphQlHttpHandler;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The {@code /graphql} endpoint, answering with the status codes of the GraphQL-over-HTTP specification: a body that
 * is not JSON gets a 400, JSON that is not a GraphQL request a 422, each with a coded GraphQL error instead of a 500;
 * a request refused before it ran gets the 4xx of {@link RefusalStatus} for {@code application/graphql-response+json}
 * and 200 for clients accepting only {@code application/json}. It has its own size limit too: WebFlux's 256 KB is
 * less than an ingest mutation of a full batch, and a body over the limit gets a 413.
 */
final class BoundedGraphQlHttpHandler extends GraphQlHttpHandler {

    static final String BODY_TOO_LARGE = "BODY_TOO_LARGE";

    private static final String REQUEST_SHAPE = "send a JSON object {\"query\": \"<GraphQL document>\"} with "
            + "optional \"operationName\" (a string), \"variables\" and \"extensions\" (objects)";

    private final DataSize maxRequestSize;

    BoundedGraphQlHttpHandler(WebGraphQlHandler handler, DataSize maxRequestSize) {
        super(handler, codecs(maxRequestSize));
        this.maxRequestSize = maxRequestSize;
    }

    private static ServerCodecConfigurer codecs(DataSize maxRequestSize) {
        ServerCodecConfigurer codecs = ServerCodecConfigurer.create();
        codecs.defaultCodecs().maxInMemorySize(Math.toIntExact(maxRequestSize.toBytes()));
        // Request parameters of the wrong type make the request ill-formed; Jackson would turn 7 into "7".
        JsonMapper strict = JsonMapper.builder()
                .withCoercionConfig(
                        LogicalType.Textual,
                        config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .build();
        codecs.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(strict));
        return codecs;
    }

    @Override
    public Mono<ServerResponse> handleRequest(ServerRequest request) {
        return super.handleRequest(request)
                .switchIfEmpty(Mono.defer(() -> refused(
                        request,
                        request.headers().contentLength().orElse(0) > 0
                                ? HttpStatus.UNPROCESSABLE_CONTENT
                                : HttpStatus.BAD_REQUEST,
                        ApiErrors.BAD_REQUEST,
                        "The body holds no GraphQL request: " + REQUEST_SHAPE + ".")))
                .onErrorResume(
                        DataBufferLimitException.class,
                        e -> refused(
                                request,
                                HttpStatus.CONTENT_TOO_LARGE,
                                BODY_TOO_LARGE,
                                "The request is larger than " + maxRequestSize.toKilobytes()
                                        + " KB; send fewer events per mutation, or bigger batches to POST /v1/events."))
                .onErrorResume(DecodingException.class, e -> unreadable(request, e))
                .onErrorResume(
                        ServerWebInputException.class,
                        e -> refused(
                                request,
                                HttpStatus.UNPROCESSABLE_CONTENT,
                                ApiErrors.BAD_REQUEST,
                                "The body is not a GraphQL request (" + e.getReason() + "): " + REQUEST_SHAPE + "."));
    }

    @Override
    protected Mono<ServerResponse> prepareResponse(ServerRequest request, WebGraphQlResponse response) {
        MediaType type = ResponseMediaType.of(request);
        // Only graphql-response+json tells a refusal by its status; application/json clients expect 200.
        HttpStatus status = type.equals(ResponseMediaType.GRAPHQL_RESPONSE)
                ? RefusalStatus.of(response.getExecutionResult())
                : HttpStatus.OK;
        ServerResponse.BodyBuilder answer = ServerResponse.status(status)
                .contentType(type)
                .headers(headers -> headers.putAll(response.getResponseHeaders()));
        if (status == HttpStatus.UNAUTHORIZED) {
            answer.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return answer.bodyValue(encodeResponseIfNecessary(response));
    }

    /** Not JSON at all (400), or JSON of the wrong shape (422); never logged, the client is told where. */
    private Mono<ServerResponse> unreadable(ServerRequest request, DecodingException e) {
        Throwable cause = e.getCause();
        if (cause instanceof DatabindException shape) {
            String at = shape.getPathReference();
            return refused(
                    request,
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    ApiErrors.BAD_REQUEST,
                    "The body is not a GraphQL request"
                            + (at == null || at.isEmpty() ? "" : " (" + field(shape) + " has the wrong type)") + ": "
                            + REQUEST_SHAPE + ".");
        }
        String problem = cause instanceof JacksonException json ? json.getOriginalMessage() : "not JSON";
        TokenStreamLocation location = cause instanceof JacksonException json ? json.getLocation() : null;
        String where = location != null && location.getLineNr() > 0
                ? " at line " + location.getLineNr() + ", column " + location.getColumnNr()
                : "";
        return refused(
                request,
                HttpStatus.BAD_REQUEST,
                ApiErrors.BAD_REQUEST,
                "The body is not valid JSON" + where + ": " + problem + ". " + capitalized(REQUEST_SHAPE) + ".");
    }

    /** The request parameter at fault, e.g. {@code "variables"}. */
    private static String field(DatabindException shape) {
        return shape.getPath().stream()
                .map(reference -> reference.getPropertyName() != null
                        ? "\"" + reference.getPropertyName() + "\""
                        : "[" + reference.getIndex() + "]")
                .reduce((outer, inner) -> outer + "." + inner)
                .orElse("the body");
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** An answer with one coded error and no data: the request never ran. */
    private static Mono<ServerResponse> refused(ServerRequest request, HttpStatus status, String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("extensions", Map.of("code", code));
        return ServerResponse.status(status)
                .contentType(ResponseMediaType.orJson(request))
                .bodyValue(Map.of("errors", List.of(error)));
    }
}
