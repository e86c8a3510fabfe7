package io.eventlens.core.alert;

import io.eventlens.core.ProjectId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One notification: a series started firing or resolved. A store keeps at most one per (rule, series, incident,
 * kind), so a transition recorded twice notifies once.
 *
 * @param payload the webhook body (JSON), exactly as it is signed and sent
 * @param delivery where delivering it stands
 */
public record AlertNotification(
        UUID id,
        ProjectId project,
        String ruleId,
        String series,
        Kind kind,
        long incident,
        @Nullable Double value,
        Instant at,
        String payload,
        Delivery delivery) {

    public AlertNotification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(delivery, "delivery");
    }

    /** What happened. */
    public enum Kind {
        FIRING,
        RESOLVED
    }

    /**
     * Where delivery stands.
     *
     * @param attempts webhook calls made so far
     * @param lastError why the last call failed, null if none did
     */
    public record Delivery(
            Status status, int attempts, @Nullable String lastError) {

        /** Not tried yet; or nothing to deliver to ({@link Status#NONE}). */
        public static Delivery fresh(boolean hasWebhook) {
            return new Delivery(hasWebhook ? Status.PENDING : Status.NONE, 0, null);
        }
    }

    /** Delivery status. */
    public enum Status {
        /** The rule has no webhook. */
        NONE,
        /** Waiting for its first or next attempt. */
        PENDING,
        /** The webhook answered 2xx. */
        DELIVERED,
        /** Every attempt failed: kept in the dead-letter list. */
        DEAD
    }
}
