package io.eventlens.app.limits;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Default rate limits per API key under {@code eventlens.limits}; a project may set its own
 * ({@code setProjectLimits}).
 *
 * @param ingestEventsPerSecond events one key may send per second (a batch larger than this takes a whole second)
 * @param queriesPerSecond GraphQL operations and CSV exports one key may run per second
 * @param concurrentSubscriptions subscriptions one key may hold open at once, over all instances
 * @param whenRedisIsDown what limits apply while Redis is unreachable
 * @param redisTimeout how long a limit check waits for Redis before it counts as unreachable
 * @param redisRetry how long after a failure checks stay local before Redis is tried again
 */
@ConfigurationProperties("eventlens.limits")
public record LimitProperties(
        @DefaultValue("10000") int ingestEventsPerSecond,
        @DefaultValue("100") int queriesPerSecond,
        @DefaultValue("200") int concurrentSubscriptions,
        @DefaultValue("fail-open") WhenRedisIsDown whenRedisIsDown,
        @DefaultValue("500ms") Duration redisTimeout,
        @DefaultValue("5s") Duration redisRetry) {

    public LimitProperties {
        if (ingestEventsPerSecond < 1 || queriesPerSecond < 1 || concurrentSubscriptions < 1) {
            throw new IllegalArgumentException("eventlens.limits.* must be at least 1");
        }
    }

    /** The choice while Redis is unreachable. */
    public enum WhenRedisIsDown {
        /** Keep serving, each instance enforcing the limits on its own (so N instances allow up to N times). */
        FAIL_OPEN,
        /** Refuse limited work with RATE_LIMITED until Redis answers again. */
        FAIL_CLOSED
    }
}
