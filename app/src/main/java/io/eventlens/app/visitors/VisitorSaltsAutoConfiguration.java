package io.eventlens.app.visitors;

import io.eventlens.realtime.RedisClients;
import io.eventlens.realtime.RedisEndpoint;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Shares the visitor salt through the Redis every instance uses (the embedded one, or {@code eventlens.redis.url});
 * without a Redis each instance keeps its own.
 */
@AutoConfiguration
final class VisitorSaltsAutoConfiguration {

    @Bean(destroyMethod = "close")
    @Nullable
    RedisVisitorSalts eventlensVisitorSalts(
            ObjectProvider<RedisEndpoint> endpoint, Environment environment, RedisClients clients) {
        RedisEndpoint redis = RedisEndpoint.find(endpoint, environment);
        if (redis == null) {
            return null;
        }
        // A salt is read once a day per instance: one connection, and a short wait (the caller falls back after 2 s).
        return new RedisVisitorSalts(clients.client(
                redis,
                server -> server.setTimeout(1000)
                        .setConnectTimeout(1000)
                        .setRetryAttempts(1)
                        .setConnectionMinimumIdleSize(1)
                        .setConnectionPoolSize(2)
                        .setSubscriptionConnectionMinimumIdleSize(0)
                        .setSubscriptionConnectionPoolSize(1)));
    }
}
