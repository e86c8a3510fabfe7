package io.eventlens.core.alert;

import io.eventlens.core.ProjectId;
import io.eventlens.core.query.ReportRequest.FilterRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A stored alert rule: one metric over a rolling window, per series of an optional breakdown, checked against a
 * condition.
 *
 * @param last the window as the user wrote it ({@code "5m"}); {@link #window} is its length
 * @param breakdown a dimension splitting the metric into series, or null for one series
 * @param maxSeries the most series evaluated (the top ones by the metric)
 * @param pendingFor how long the condition must hold before the rule fires ({@code for})
 * @param resolveAfter how long the condition must be clear before a firing series resolves
 * @param webhook where notifications go, or null for none (history and the subscription only)
 */
public record AlertRule(
        ProjectId project,
        String id,
        String name,
        String metric,
        List<FilterRequest> filters,
        @Nullable String breakdown,
        int maxSeries,
        String last,
        Duration window,
        AlertCondition condition,
        Duration pendingFor,
        Duration resolveAfter,
        @Nullable Webhook webhook,
        boolean paused,
        Instant updatedAt) {

    public AlertRule {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(last, "last");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(pendingFor, "pendingFor");
        Objects.requireNonNull(resolveAfter, "resolveAfter");
        Objects.requireNonNull(updatedAt, "updatedAt");
        filters = List.copyOf(filters);
    }

    /** The same rule, paused or running. */
    public AlertRule withPaused(boolean paused, Instant at) {
        return new AlertRule(
                project,
                id,
                name,
                metric,
                filters,
                breakdown,
                maxSeries,
                last,
                window,
                condition,
                pendingFor,
                resolveAfter,
                webhook,
                paused,
                at);
    }

    /**
     * A webhook: notifications are POSTed to {@code url} as JSON, signed with HMAC-SHA256 under {@code secret}.
     *
     * @param secret never shown again after it was given
     */
    public record Webhook(String url, String secret) {

        public Webhook {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(secret, "secret");
        }

        @Override
        public String toString() {
            return "Webhook[url=" + url + ", secret=(hidden)]";
        }
    }
}
