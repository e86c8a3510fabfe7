package io.eventlens.app.health;

import io.eventlens.core.storage.EventStorage;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/**
 * UP while the storage engine answers a trivial query within the time limit. It asks the engine itself, past the
 * circuit breaker and the cache, so readiness turns DOWN when storage goes and UP as soon as it is back.
 */
final class StorageHealthIndicator implements ReactiveHealthIndicator {

    private final EventStorage storage;
    private final String engine;
    private final Duration timeout;

    StorageHealthIndicator(EventStorage storage, String engine, Duration timeout) {
        this.storage = storage;
        this.engine = engine;
        this.timeout = timeout;
    }

    @Override
    public Mono<Health> health() {
        return storage.ping()
                .timeout(timeout)
                .then(Mono.fromSupplier(
                        () -> Health.up().withDetail("engine", engine).build()))
                .onErrorResume(error -> Mono.just(Health.down()
                        .withDetail("engine", engine)
                        .withDetail("error", HealthErrors.describe(error, timeout))
                        .build()));
    }
}
