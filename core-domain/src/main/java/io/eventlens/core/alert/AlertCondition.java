package io.eventlens.core.alert;

import io.eventlens.core.anomaly.ZScore;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** When a series' value breaks the rule; a closed set, evaluated by {@link #breached}. */
public sealed interface AlertCondition {

    /**
     * Whether the condition holds.
     *
     * @param value the metric over the current window, null when there is no value (no data, or a ratio over nothing)
     * @param previous the metric over the windows before it, nearest first, an element null when unknown; only
     *                 {@link Change} (the first) and {@link Anomaly} (the first {@code windows}) read it
     */
    boolean breached(@Nullable Double value, List<@Nullable Double> previous);

    /** How many windows before the current one {@link #breached} reads. */
    default int windowsBefore() {
        return 0;
    }

    /** The condition's number: the threshold, the percent of change, or the standard deviations. */
    double threshold();

    /** How the API and the stores name the kind. */
    String kind();

    /** The value is strictly above the threshold. */
    record Above(double threshold) implements AlertCondition {
        @Override
        public boolean breached(@Nullable Double value, List<@Nullable Double> previous) {
            return value != null && value > threshold;
        }

        @Override
        public String kind() {
            return "above";
        }
    }

    /** The value is strictly below the threshold. */
    record Below(double threshold) implements AlertCondition {
        @Override
        public boolean breached(@Nullable Double value, List<@Nullable Double> previous) {
            return value != null && value < threshold;
        }

        @Override
        public String kind() {
            return "below";
        }
    }

    /**
     * The value changed against the previous window by more than {@code threshold} percent: a positive threshold
     * asks for a rise ({@code 50}: more than 1.5 times), a negative one for a fall ({@code -50}: less than half). A
     * previous window of zero has no percent change, so it never breaches.
     */
    record Change(double threshold) implements AlertCondition {
        @Override
        public boolean breached(@Nullable Double value, List<@Nullable Double> previous) {
            Double before = previous.isEmpty() ? null : previous.getFirst();
            if (value == null || before == null || before == 0) {
                return false;
            }
            double percent = (value - before) / Math.abs(before) * 100;
            return threshold >= 0 ? percent > threshold : percent < threshold;
        }

        @Override
        public int windowsBefore() {
            return 1;
        }

        @Override
        public String kind() {
            return "change";
        }
    }

    /**
     * The value lies more than {@code threshold} standard deviations from the mean of the {@code windows} windows
     * just before it: the z-score of the {@code anomalies} scan ({@link ZScore}, population standard deviation), with
     * windows of the rule's length in place of buckets. Fewer than two known windows give no baseline, so no breach;
     * a flat baseline (standard deviation 0) is left by any other value, as the scan flags it.
     */
    record Anomaly(double threshold, int windows) implements AlertCondition {
        @Override
        public boolean breached(@Nullable Double value, List<@Nullable Double> previous) {
            ZScore.Baseline baseline = ZScore.Baseline.of(previous.subList(0, Math.min(windows, previous.size())));
            if (value == null || baseline == null) {
                return false;
            }
            if (baseline.stddev() == 0) {
                return value != baseline.mean();
            }
            return Math.abs(value - baseline.mean()) / baseline.stddev() > threshold;
        }

        @Override
        public int windowsBefore() {
            return windows;
        }

        @Override
        public String kind() {
            return "anomaly";
        }
    }

    /** The condition of a stored kind and number ({@code windows}: an anomaly's, 0 for the others). */
    static AlertCondition of(String kind, double threshold, int windows) {
        return switch (kind) {
            case "above" -> new Above(threshold);
            case "below" -> new Below(threshold);
            case "change" -> new Change(threshold);
            case "anomaly" -> new Anomaly(threshold, windows);
            default -> throw new IllegalArgumentException("unknown condition kind: " + kind);
        };
    }
}
