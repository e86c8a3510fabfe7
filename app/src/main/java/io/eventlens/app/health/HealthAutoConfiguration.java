package io.eventlens.app.health;

import io.eventlens.core.storage.EventStorage;
import io.eventlens.realtime.RedisEndpoint;
import io.r2dbc.spi.ConnectionFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The {@code storage} and {@code redis} health contributors (with ClickHouse, {@code storage} has two parts);
 * application.yml puts both into the readiness group, so a load balancer stops sending traffic while either is away,
 * and liveness stays UP (a restart would not bring them back).
 */
@AutoConfiguration
@EnableConfigurationProperties(HealthProperties.class)
final class HealthAutoConfiguration {

    /**
     * The engine; with ClickHouse as the engine, also the PostgreSQL that keeps projects and keys, as two parts of
     * {@code storage} ({@code events} and {@code metadata}), so the readiness group stays the same and its answer
     * names the part that is away.
     */
    @Bean
    ReactiveHealthContributor storageHealthIndicator(
            EventStorage storage,
            Environment environment,
            HealthProperties properties,
            ObjectProvider<ConnectionFactory> metadata) {
        String engine = environment.getProperty("eventlens.storage.engine", "postgres");
        StorageHealthIndicator events = new StorageHealthIndicator(storage, engine, properties.timeout());
        ConnectionFactory postgres = metadata.getIfAvailable();
        if (engine.equals("postgres") || postgres == null) {
            return events;
        }
        Map<String, ReactiveHealthContributor> parts = new LinkedHashMap<>();
        parts.put("events", events);
        parts.put("metadata", new MetadataHealthIndicator(postgres, properties.timeout()));
        return CompositeReactiveHealthContributor.fromMap(parts);
    }

    @Bean
    RedisHealthIndicator redisHealthIndicator(
            ObjectProvider<RedisEndpoint> endpoint, Environment environment, HealthProperties properties) {
        // The embedded Redis, or eventlens.redis.url: one of them always exists.
        String url = endpoint.getIfAvailable(
                        () -> new RedisEndpoint(environment.getRequiredProperty("eventlens.redis.url")))
                .url();
        return new RedisHealthIndicator(url, properties.timeout());
    }
}
