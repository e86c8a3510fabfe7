package io.eventlens.app.cache;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The report cache, under {@code eventlens.cache}.
 *
 * @param enabled whether report answers are cached in Redis at all
 * @param closedRangeTtl how long an answer over a range that ended before now minus {@code lag} is kept
 * @param openRangeTtl how long an answer over a range touching now is kept (any write to the project also ends it)
 * @param lag how far behind now a range must end to count as closed; must exceed the clock skew between instances
 */
@ConfigurationProperties("eventlens.cache")
public record CacheProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10m") Duration closedRangeTtl,
        @DefaultValue("5s") Duration openRangeTtl,
        @DefaultValue("1m") Duration lag) {

    public CacheProperties {
        if (closedRangeTtl.isNegative()
                || closedRangeTtl.isZero()
                || openRangeTtl.isNegative()
                || openRangeTtl.isZero()
                || lag.isNegative()) {
            throw new IllegalArgumentException("eventlens.cache.*-ttl must be positive and lag not negative");
        }
    }
}
