package io.eventlens.core.anomaly;

import io.eventlens.core.query.ReportQuery;
import java.time.Instant;

/**
 * A validated anomaly scan.
 *
 * @param series the one-metric report over the requested buckets plus {@code window} buckets before them
 * @param firstBucket the start of the first bucket the answer reports (the bucket that contains {@code from})
 */
public record AnomalyQuery(ReportQuery series, Instant firstBucket, int window, double threshold) {}
