package io.eventlens.app.resilience;

import io.eventlens.core.storage.EventStorage;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

/** Puts the guards in front of whichever storage engine is configured: every API uses the guarded one. */
@AutoConfiguration(
        afterName = {
            "io.eventlens.postgres.PostgresStorageAutoConfiguration",
            "io.eventlens.clickhouse.ClickHouseStorageAutoConfiguration"
        })
@EnableConfigurationProperties(ResilienceProperties.class)
final class ResilienceAutoConfiguration {

    @Bean
    @Primary
    ResilientEventStorage resilientEventStorage(
            Map<String, EventStorage> engines,
            ResilienceProperties properties,
            ObjectProvider<MeterRegistry> meters,
            ObjectProvider<ObservationRegistry> observations,
            Environment environment) {
        // The map holds the engine only: Spring leaves out the bean being created.
        EventStorage engine = engines.values().stream()
                .filter(s -> !(s instanceof ResilientEventStorage))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no storage engine configured"));
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        // Spans only while traces are sampled (docs/operations.md, tracing): off, storage calls cost one check.
        boolean tracing = environment.getProperty("management.tracing.sampling.probability", Double.class, 0.0) > 0;
        StorageSpans spans = tracing
                ? new StorageSpans(observations.getIfAvailable(() -> ObservationRegistry.NOOP))
                : StorageSpans.NONE;
        ResilientEventStorage storage = new ResilientEventStorage(
                engine, properties, registry, spans, environment.getProperty("eventlens.storage.engine", "postgres"));
        // State, calls and failure rate of the storage circuit breakers (resilience4j.circuitbreaker.*). Bound here:
        // the bean itself is wrapped by the report cache, so nothing else can find it by its type.
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(storage.circuits()).bindTo(registry);
        return storage;
    }
}
