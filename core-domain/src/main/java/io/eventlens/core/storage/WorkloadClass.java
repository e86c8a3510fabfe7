package io.eventlens.core.storage;

/**
 * What a read costs, known before it runs (from the report's plan), so reads of each class get a lane of their own:
 * scans of raw events can never take the capacity that reads answered from rollups need.
 */
public enum WorkloadClass {
    /** Answered from rollups and at most a short stretch of raw events (the fresh tail, the edges of a range). */
    ROLLUPS,
    /** Reads a long stretch of raw events: long ranges no rollup answers, property filters, funnels, retention. */
    RAW_SCAN;

    /** The most raw events' time a plan may read and still count as answered from rollups. */
    public static final java.time.Duration SHORT_RAW_STRETCH = java.time.Duration.ofHours(1);

    /** The class of reading this plan: by how much of its range it reads from raw events. */
    public static WorkloadClass of(io.eventlens.core.rollup.ReportPlan plan) {
        long rawSeconds = plan.rawRanges().stream()
                .mapToLong(range ->
                        java.time.Duration.between(range.from(), range.to()).toSeconds())
                .sum();
        return rawSeconds <= SHORT_RAW_STRETCH.toSeconds() ? ROLLUPS : RAW_SCAN;
    }
}
