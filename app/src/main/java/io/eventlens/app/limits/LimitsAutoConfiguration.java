package io.eventlens.app.limits;

import io.eventlens.core.access.ProjectDirectory;
import io.eventlens.core.access.RateLimits;
import io.eventlens.realtime.RedisClients;
import io.eventlens.realtime.RedisEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** Wires the rate limits on the Redis every instance shares (the embedded one, or {@code eventlens.redis.url}). */
@AutoConfiguration
@EnableConfigurationProperties(LimitProperties.class)
final class LimitsAutoConfiguration {

    @Bean
    RateLimits eventlensRateLimits(
            ObjectProvider<RedisEndpoint> endpoint,
            Environment environment,
            ProjectDirectory projects,
            LimitProperties properties,
            ObjectProvider<MeterRegistry> meters,
            RedisClients clients) {
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        return new CountedRateLimits(limits(endpoint, environment, projects, properties, registry, clients), registry);
    }

    private static RateLimits limits(
            ObjectProvider<RedisEndpoint> endpoint,
            Environment environment,
            ProjectDirectory projects,
            LimitProperties properties,
            MeterRegistry meters,
            RedisClients clients) {
        RedisEndpoint redis = RedisEndpoint.find(endpoint, environment);
        if (redis == null) {
            return new LocalRateLimits(new EffectiveLimits(projects, properties), new LocalBuckets());
        }
        return new RedisRateLimits(
                client(clients, redis, properties),
                new EffectiveLimits(projects, properties),
                new LocalBuckets(),
                properties,
                meters);
    }

    private static RedissonClient client(RedisClients clients, RedisEndpoint redis, LimitProperties properties) {
        // Fail fast: a limit check that waits long for Redis delays every request behind it.
        int timeout = (int) properties.redisTimeout().toMillis();
        return clients.client(
                redis,
                server -> server.setTimeout(timeout)
                        .setConnectTimeout(Math.max(timeout, 1000))
                        .setRetryAttempts(0)
                        .setConnectionMinimumIdleSize(2)
                        .setConnectionPoolSize(16));
    }
}
