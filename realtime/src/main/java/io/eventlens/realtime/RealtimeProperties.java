package io.eventlens.realtime;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of live subscriptions.
 *
 * @param topic the Redis topic every instance publishes committed batches to and listens on
 * @param maxSubscriptionsPerConnection subscriptions one WebSocket may hold open; one more closes it with code 4420
 *     ({@link SubscriptionLimit#CLOSE_CODE})
 * @param eventStreamBuffer events held for one slow {@code eventStream} subscriber before it drops (and counts) them
 * @param overviewRefresh how often {@code overviewLive} may push, and how often it rechecks the sliding last hour
 */
@ConfigurationProperties("eventlens.realtime")
public record RealtimeProperties(
        @DefaultValue("eventlens:committed") String topic,
        @DefaultValue("100") int maxSubscriptionsPerConnection,
        @DefaultValue("1000") int eventStreamBuffer,
        @DefaultValue("1s") Duration overviewRefresh) {

    public RealtimeProperties {
        if (maxSubscriptionsPerConnection < 1) {
            throw new IllegalArgumentException("eventlens.realtime.max-subscriptions-per-connection must be positive: "
                    + maxSubscriptionsPerConnection);
        }
        if (eventStreamBuffer < 1) {
            throw new IllegalArgumentException(
                    "eventlens.realtime.event-stream-buffer must be positive: " + eventStreamBuffer);
        }
    }
}
