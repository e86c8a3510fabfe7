package io.eventlens.realtime;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;

/**
 * The Redis that carries committed batches between instances, e.g. {@code redis://localhost:6379}. The application
 * supplies one (its embedded Redis) or it comes from {@code eventlens.redis.url}.
 */
public record RedisEndpoint(String url) {

    /** The setting that names an external Redis. */
    public static final String URL_PROPERTY = "eventlens.redis.url";

    public RedisEndpoint {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new IllegalArgumentException("eventlens.redis.url must start with redis:// or rediss://: " + url);
        }
    }

    /** The application's Redis, else the one {@value #URL_PROPERTY} names; null when there is neither. */
    public static @Nullable RedisEndpoint find(ObjectProvider<RedisEndpoint> endpoint, Environment environment) {
        RedisEndpoint supplied = endpoint.getIfAvailable();
        if (supplied != null) {
            return supplied;
        }
        String url = environment.getProperty(URL_PROPERTY);
        return url == null || url.isBlank() ? null : new RedisEndpoint(url);
    }
}
