package io.eventlens.realtime;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.eventlens.core.alert.AlertCondition;
import io.eventlens.core.alert.AlertNotification;
import io.eventlens.core.alert.AlertRule;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A notification as the world sees it: the webhook's JSON body (documented in docs/alerts.md), the message on the
 * alert topic, and the {@code AlertEvent} of the {@code alertEvents} subscription.
 *
 * @param windows an anomaly condition's windows before the current one, null for other conditions
 * @param series the breakdown value, null without a breakdown
 * @param at when the transition happened, ISO-8601 in UTC
 */
@JsonPropertyOrder({
    "id",
    "kind",
    "project",
    "alertId",
    "alertName",
    "metric",
    "condition",
    "threshold",
    "windows",
    "last",
    "breakdown",
    "series",
    "value",
    "incident",
    "at"
})
record AlertPayload(
        String id,
        String kind,
        String project,
        String alertId,
        String alertName,
        String metric,
        String condition,
        double threshold,
        @Nullable Integer windows,
        String last,
        @Nullable String breakdown,
        @Nullable String series,
        @Nullable Double value,
        long incident,
        String at) {

    static AlertPayload of(
            UUID id,
            AlertNotification.Kind kind,
            AlertRule rule,
            String series,
            @Nullable Double value,
            long incident,
            Instant at) {
        return new AlertPayload(
                id.toString(),
                kind.name(),
                rule.project().value(),
                rule.id(),
                rule.name(),
                rule.metric(),
                rule.condition().kind(),
                rule.condition().threshold(),
                rule.condition() instanceof AlertCondition.Anomaly anomaly ? anomaly.windows() : null,
                rule.last(),
                rule.breakdown(),
                rule.breakdown() == null ? null : series,
                value,
                incident,
                at.toString());
    }
}
