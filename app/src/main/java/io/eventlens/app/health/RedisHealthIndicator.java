package io.eventlens.app.health;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLSocketFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * UP while Redis answers a {@code PING} within the time limit, on a connection of its own: the clients of the
 * fan-out, the cache and the rate limits each reconnect on their own schedule, and a check must not wait behind
 * them. Any answer counts, {@code -NOAUTH} too: the server is there.
 */
final class RedisHealthIndicator implements ReactiveHealthIndicator {

    private final URI url;
    private final Duration timeout;

    RedisHealthIndicator(String url, Duration timeout) {
        this.url = URI.create(url);
        this.timeout = timeout;
    }

    @Override
    public Mono<Health> health() {
        return Mono.fromCallable(this::ping)
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(timeout)
                .map(answer -> Health.up().build())
                .onErrorResume(error -> Mono.just(Health.down()
                        .withDetail("error", HealthErrors.describe(error, timeout))
                        .build()));
    }

    private String ping() throws IOException {
        int millis = (int) Math.max(1, timeout.toMillis());
        int port = url.getPort() == -1 ? 6379 : url.getPort();
        try (Socket socket =
                "rediss".equals(url.getScheme()) ? SSLSocketFactory.getDefault().createSocket() : new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), port), millis);
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            int first = in.read();
            if (first != '+' && first != '-') {
                throw new IOException("not a Redis answer");
            }
            return String.valueOf((char) first);
        }
    }
}
