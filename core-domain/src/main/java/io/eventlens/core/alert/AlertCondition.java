package io.eventlens.core.alert;

import org.jspecify.annotations.Nullable;

/** When a series' value breaks the rule; a closed set, evaluated by {@link #breached}. */
public sealed interface AlertCondition {

    /**
     * Whether the condition holds.
     *
     * @param value the metric over the current window, null when there is no value (no data, or a ratio over nothing)
     * @param previous the metric over the window before it, null when unknown; only {@link Change} reads it
     */
    boolean breached(@Nullable Double value, @Nullable Double previous);

    /** The condition's number: the threshold, or the percent of change. */
    double threshold();

    /** How the API and the stores name the kind. */
    String kind();

    /** The value is strictly above the threshold. */
    record Above(double threshold) implements AlertCondition {
        @Override
        public boolean breached(@Nullable Double value, @Nullable Double previous) {
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
        public boolean breached(@Nullable Double value, @Nullable Double previous) {
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
        public boolean breached(@Nullable Double value, @Nullable Double previous) {
            if (value == null || previous == null || previous == 0) {
                return false;
            }
            double percent = (value - previous) / Math.abs(previous) * 100;
            return threshold >= 0 ? percent > threshold : percent < threshold;
        }

        @Override
        public String kind() {
            return "change";
        }
    }

    /** The condition of a stored kind and number. */
    static AlertCondition of(String kind, double threshold) {
        return switch (kind) {
            case "above" -> new Above(threshold);
            case "below" -> new Below(threshold);
            case "change" -> new Change(threshold);
            default -> throw new IllegalArgumentException("unknown condition kind: " + kind);
        };
    }
}
