package io.eventlens.realtime;

import java.util.Objects;

/**
 * The Redis that carries committed batches between instances, e.g. {@code redis://localhost:6379}. The application
 * supplies one (its embedded Redis) or it comes from {@code eventlens.redis.url}.
 */
public record RedisEndpoint(String url) {

    public RedisEndpoint {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new IllegalArgumentException("eventlens.redis.url must start with redis:// or rediss://: " + url);
        }
    }
}
