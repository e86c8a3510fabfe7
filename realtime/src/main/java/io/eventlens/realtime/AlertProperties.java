package io.eventlens.realtime;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of alert evaluation and webhook delivery.
 *
 * @param enabled whether this instance evaluates rules and delivers notifications at all
 * @param rulesRefresh how often the evaluator rereads the rules (a defined, paused or removed rule takes effect then)
 * @param refresh the fewest time between two evaluations of one report shape on fresh events
 * @param lease how long the evaluator's Redis lease lasts unrenewed: after a crash, another instance takes over then
 * @param deliveryInterval how often due webhook attempts are looked for (a new notification is sent at once)
 * @param webhookTimeout how long one webhook call may take
 * @param maxAttempts webhook calls before a notification goes to the dead-letter list
 * @param initialBackoff the wait after the first failed call; it doubles with each further one, up to
 *                       {@code maxBackoff}
 * @param maxBackoff the longest wait between two webhook calls
 * @param topic the Redis topic carrying alert events to every instance's {@code alertEvents} subscribers
 */
@ConfigurationProperties("eventlens.alerts")
public record AlertProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("2s") Duration rulesRefresh,
        @DefaultValue("500ms") Duration refresh,
        @DefaultValue("15s") Duration lease,
        @DefaultValue("500ms") Duration deliveryInterval,
        @DefaultValue("5s") Duration webhookTimeout,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("1s") Duration initialBackoff,
        @DefaultValue("5m") Duration maxBackoff,
        @DefaultValue("eventlens:alerts") String topic) {

    public AlertProperties {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("eventlens.alerts.max-attempts must be positive: " + maxAttempts);
        }
        if (refresh.toMillis() < LiveReports.MIN_REFRESH_MS) {
            throw new IllegalArgumentException(
                    "eventlens.alerts.refresh must be at least " + LiveReports.MIN_REFRESH_MS + "ms: " + refresh);
        }
        if (lease.toMillis() < 3000) {
            throw new IllegalArgumentException("eventlens.alerts.lease must be at least 3s: " + lease);
        }
    }
}
