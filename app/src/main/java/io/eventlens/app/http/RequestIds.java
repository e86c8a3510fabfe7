package io.eventlens.app.http;

import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request an id: the client's {@code X-Request-Id} when it is a sane token, else WebFlux's own request id
 * (the one its debug logs carry). The id goes back in the response header and into the Reactor context, from where
 * {@link RequestIdAccessor} puts it into the MDC of every log line written while the request is handled.
 */
final class RequestIds implements WebFilter, Ordered {

    static final String HEADER = "X-Request-Id";

    /** A client's id is only taken when it cannot break a log line or a header: short, no spaces or quotes. */
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String sent = exchange.getRequest().getHeaders().getFirst(HEADER);
        String id = sent != null && SANE.matcher(sent).matches()
                ? sent
                : exchange.getRequest().getId();
        exchange.getResponse().getHeaders().set(HEADER, id);
        return chain.filter(exchange).contextWrite(context -> context.put(RequestIdAccessor.KEY, id));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
