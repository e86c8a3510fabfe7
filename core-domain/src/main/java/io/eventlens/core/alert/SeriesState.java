package io.eventlens.core.alert;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The durable state of one series of a rule.
 *
 * @param series the breakdown value, {@code ""} without a breakdown (and for events without the dimension)
 * @param since when the series entered its state
 * @param incident how many times the series has fired: the number of its current or last incident
 * @param value the metric at the last transition, null for none
 * @param version bumped by every transition; a store applies a transition only to the version it was computed from
 */
public record SeriesState(
        String ruleId,
        String series,
        AlertState state,
        Instant since,
        long incident,
        @Nullable Double value,
        long version) {

    public SeriesState {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
    }

    /** A series never seen before: OK since the epoch, version 0 (not stored yet). */
    public static SeriesState initial(String ruleId, String series) {
        return new SeriesState(ruleId, series, AlertState.OK, Instant.EPOCH, 0, null, 0);
    }
}
