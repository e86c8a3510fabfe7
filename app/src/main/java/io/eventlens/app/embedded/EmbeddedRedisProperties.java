package io.eventlens.app.embedded;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded Redis, used only while {@code eventlens.redis.url} is unset.
 *
 * @param port fixed (away from Redis's usual 6379, so a developer's own Redis is left alone); 0 picks a free port
 */
@ConfigurationProperties("eventlens.embedded-redis")
public record EmbeddedRedisProperties(@DefaultValue("63790") int port) {

    public EmbeddedRedisProperties {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("eventlens.embedded-redis.port must be between 0 and 65535: " + port);
        }
    }
}
