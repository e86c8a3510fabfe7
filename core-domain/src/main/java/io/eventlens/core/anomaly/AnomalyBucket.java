package io.eventlens.core.anomaly;

import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/**
 * One scored bucket.
 *
 * @param expected the mean of the trailing window; null when fewer than two window values are defined
 * @param lower {@code expected - threshold * stddev}
 * @param upper {@code expected + threshold * stddev}
 * @param zScore {@code (value - expected) / stddev}; null when undefined (no value, no expectation, or a flat window)
 * @param anomaly whether {@code |zScore| > threshold}, or the value left a perfectly flat window
 */
public record AnomalyBucket(
        OffsetDateTime bucket,
        @Nullable Double value,
        @Nullable Double expected,
        @Nullable Double lower,
        @Nullable Double upper,
        @Nullable Double zScore,
        boolean anomaly) {}
