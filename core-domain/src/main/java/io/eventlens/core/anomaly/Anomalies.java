package io.eventlens.core.anomaly;

import io.eventlens.core.query.Granularity;
import java.util.List;

/**
 * The answer of an anomaly scan.
 *
 * @param buckets every requested bucket, scored, in time order
 */
public record Anomalies(
        String metric, Granularity granularity, int window, double threshold, List<AnomalyBucket> buckets) {

    public Anomalies {
        buckets = List.copyOf(buckets);
    }

    /** Only the flagged buckets. */
    public List<AnomalyBucket> anomalies() {
        return buckets.stream().filter(AnomalyBucket::anomaly).toList();
    }
}
