package io.eventlens.app.health;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * UP while the PostgreSQL that holds projects, keys and definitions answers {@code SELECT 1} within the time limit.
 * With ClickHouse as the engine it is another server than the events' one: without it no key can be checked.
 */
final class MetadataHealthIndicator implements ReactiveHealthIndicator {

    private final ConnectionFactory connections;
    private final Duration timeout;

    MetadataHealthIndicator(ConnectionFactory connections, Duration timeout) {
        this.connections = connections;
        this.timeout = timeout;
    }

    @Override
    public Mono<Health> health() {
        return Mono.usingWhen(
                        connections.create(),
                        connection -> Flux.from(
                                        connection.createStatement("SELECT 1").execute())
                                .flatMap(result -> result.map((row, metadata) -> 1))
                                .then(),
                        Connection::close)
                .timeout(timeout)
                .then(Mono.fromSupplier(
                        () -> Health.up().withDetail("database", "postgres").build()))
                .onErrorResume(error -> Mono.just(Health.down()
                        .withDetail("database", "postgres")
                        .withDetail("error", HealthErrors.describe(error, timeout))
                        .build()));
    }
}
