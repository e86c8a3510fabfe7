package io.eventlens.app.health;

import io.eventlens.core.storage.EventStorage;
import io.eventlens.realtime.RedisEndpoint;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The {@code storage} and {@code redis} health contributors; application.yml puts both into the readiness group, so a
 * load balancer stops sending traffic while either is away, and liveness stays UP (a restart would not bring them
 * back).
 */
@AutoConfiguration
@EnableConfigurationProperties(HealthProperties.class)
final class HealthAutoConfiguration {

    @Bean
    StorageHealthIndicator storageHealthIndicator(EventStorage storage, Environment environment,
            HealthProperties properties) {
        return new StorageHealthIndicator(storage, environment.getProperty("eventlens.storage.engine", "postgres"),
                properties.timeout());
    }

    @Bean
    RedisHealthIndicator redisHealthIndicator(ObjectProvider<RedisEndpoint> endpoint, Environment environment,
            HealthProperties properties) {
        // The embedded Redis, or eventlens.redis.url: one of them always exists.
        String url = endpoint.getIfAvailable(() -> new RedisEndpoint(environment.getRequiredProperty(
                "eventlens.redis.url"))).url();
        return new RedisHealthIndicator(url, properties.timeout());
    }
}
