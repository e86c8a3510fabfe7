package io.eventlens.core.anomaly;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The math of a scan: scores a value against the window of values just before it. The window's spread is the
 * population standard deviation (the window is all we know, not a sample of something larger).
 */
public final class ZScore {

    private ZScore() {}

    /** A window's mean and standard deviation; null when fewer than two of its values are defined. */
    public record Baseline(double mean, double stddev) {

        public static @Nullable Baseline of(List<@Nullable Double> window) {
            double sum = 0;
            int n = 0;
            for (Double v : window) {
                if (v != null) {
                    sum += v;
                    n++;
                }
            }
            if (n < 2) {
                return null;
            }
            double mean = sum / n;
            double squares = 0;
            for (Double v : window) {
                if (v != null) {
                    squares += (v - mean) * (v - mean);
                }
            }
            return new Baseline(mean, Math.sqrt(squares / n));
        }
    }

    /**
     * Scores {@code values[index]} against the {@code window} values before it. A flat window (stddev 0) has no
     * z-score; then any value other than its mean is an anomaly, since it left a band of width zero.
     */
    public static AnomalyBucket score(
            java.time.OffsetDateTime bucket, List<@Nullable Double> values, int index, int window, double threshold) {
        Double value = values.get(index);
        Baseline baseline = Baseline.of(values.subList(Math.max(0, index - window), index));
        if (baseline == null) {
            return new AnomalyBucket(bucket, value, null, null, null, null, false);
        }
        double band = threshold * baseline.stddev();
        Double lower = baseline.mean() - band;
        Double upper = baseline.mean() + band;
        if (value == null) {
            return new AnomalyBucket(bucket, null, baseline.mean(), lower, upper, null, false);
        }
        if (baseline.stddev() == 0) {
            return new AnomalyBucket(bucket, value, baseline.mean(), lower, upper, null, value != baseline.mean());
        }
        double z = (value - baseline.mean()) / baseline.stddev();
        return new AnomalyBucket(bucket, value, baseline.mean(), lower, upper, z, Math.abs(z) > threshold);
    }
}
