package io.eventlens.app.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers 400 {@code INVALID_HEADER}, naming the header, for a request whose {@code Accept} or {@code Content-Type}
 * does not parse, wherever nothing closer to the endpoint did. Spring's routing parses {@code Accept} to pick a route
 * (the dashboard's welcome route does for every {@code GET /}), and what it threw there reached Spring Boot's error
 * handler as a 500 with a stack trace (HttpFuzzTests: {@code GET /} with {@code Accept: x}).
 */
final class UnparseableMediaTypes implements WebExceptionHandler, Ordered {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (!(error instanceof InvalidMediaTypeException || error instanceof InvalidMimeTypeException)
                || exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        String header = unparseable(exchange.getRequest().getHeaders());
        Map<String, @Nullable Object> problem = new LinkedHashMap<>();
        problem.put("title", "Bad Request");
        problem.put("status", HttpStatus.BAD_REQUEST.value());
        problem.put(
                "detail",
                "The " + header + " header does not parse (" + error.getMessage() + "): send media types such as "
                        + "application/json or text/html, or leave the header out.");
        problem.put("instance", exchange.getRequest().getPath().value());
        problem.put("code", "INVALID_HEADER");
        problem.put("field", header);
        exchange.getResponse().setStatusCode(HttpStatus.BAD_REQUEST);
        exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        DataBuffer body = exchange.getResponse()
                .bufferFactory()
                .wrap(JSON.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8));
        return exchange.getResponse().writeWith(Mono.just(body));
    }

    /** Which of the two headers fails to parse; Accept when neither does on its own (it is the one routing reads). */
    private static String unparseable(HttpHeaders headers) {
        List<String> contentType = headers.getOrEmpty(HttpHeaders.CONTENT_TYPE);
        try {
            MediaType.parseMediaTypes(headers.getOrEmpty(HttpHeaders.ACCEPT));
        } catch (InvalidMediaTypeException | InvalidMimeTypeException e) {
            return HttpHeaders.ACCEPT;
        }
        try {
            contentType.forEach(MediaType::parseMediaType);
        } catch (InvalidMediaTypeException | InvalidMimeTypeException e) {
            return HttpHeaders.CONTENT_TYPE;
        }
        return HttpHeaders.ACCEPT;
    }

    /** Before Spring Boot's error handler ({@code -1}), which answers everything else. */
    @Override
    public int getOrder() {
        return -2;
    }
}
