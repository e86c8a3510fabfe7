package io.eventlens.ingestion;

import io.eventlens.core.access.AccessException;
import io.eventlens.core.access.Authenticator;
import io.eventlens.core.access.Caller;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Answers browsers' CORS preflights on the ingest paths ({@link BrowserAccess#PATHS}). A preflight carries no
 * {@code Authorization}, so the key must be in the URL ({@code ?key=}): the answer allows exactly the origins of that
 * browser key, and refuses (403, no CORS headers) any other origin, a server key or no key. Pages that send
 * {@code text/plain} bodies with the key in the URL or body (beacons, Segment's analytics.js) need no preflight.
 */
final class PreflightFilter implements WebFilter, Ordered {

    private final Authenticator authenticator;

    PreflightFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public int getOrder() {
        // Before the handler mapping's own CORS processing, which knows no per-key origins.
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!CorsUtils.isPreFlightRequest(request)
                || !BrowserAccess.PATHS.contains(request.getPath().value())) {
            return chain.filter(exchange);
        }
        String origin = request.getHeaders().getOrigin();
        String key = request.getQueryParams().getFirst(BrowserAccess.KEY_PARAMETER);
        if (origin == null
                || key == null
                || !HttpMethod.POST
                        .name()
                        .equals(request.getHeaders().getFirst(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD))) {
            return refuse(
                    exchange.getResponse(),
                    "a page may only POST here, with a browser key in the URL "
                            + "(?key=) when its request needs a preflight");
        }
        return authenticator
                .authenticate(key)
                .flatMap(caller -> caller instanceof Caller.ProjectKey projectKey && projectKey.allowsOrigin(origin)
                        ? allow(exchange.getResponse(), origin)
                        : refuse(
                                exchange.getResponse(),
                                BrowserAccess.refused(caller, origin).getMessage()))
                .onErrorResume(AccessException.class, e -> refuse(exchange.getResponse(), e.getMessage()))
                // The key store unreachable: no answer either way now; the browser may ask again.
                .onErrorResume(e -> !(e instanceof AccessException), e -> {
                    exchange.getResponse().setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
                    exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
                    return exchange.getResponse().setComplete();
                });
    }

    private static Mono<Void> allow(ServerHttpResponse response, String origin) {
        HttpHeaders headers = response.getHeaders();
        headers.setAccessControlAllowOrigin(origin);
        headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "POST");
        headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, String.join(", ", BrowserAccess.ALLOWED_HEADERS));
        headers.setAccessControlMaxAge(BrowserAccess.PREFLIGHT_MAX_AGE);
        headers.add(HttpHeaders.VARY, HttpHeaders.ORIGIN);
        response.setStatusCode(HttpStatus.NO_CONTENT);
        return response.setComplete();
    }

    private static Mono<Void> refuse(ServerHttpResponse response, String detail) {
        response.setStatusCode(HttpStatus.FORBIDDEN);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        String body = "{\"status\":403,\"code\":\"ORIGIN_NOT_ALLOWED\",\"detail\":\"" + json(detail) + "\"}";
        DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }

    /** The text as the inside of a JSON string. */
    private static String json(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
