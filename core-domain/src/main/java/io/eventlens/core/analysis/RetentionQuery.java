package io.eventlens.core.analysis;

import io.eventlens.core.ProjectId;
import io.eventlens.core.query.BucketSeries;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.TimeRange;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A validated retention analysis. Engines must answer it with these semantics (the storage contract suite checks
 * them):
 *
 * <ul>
 *   <li>Only events with a user id inside {@code range} count. The periods are the buckets of
 *       {@link BucketSeries#covering} for {@code granularity} (DAY, WEEK or MONTH) in {@code zone}; every one of them
 *       is a cohort, listed in order even when empty.</li>
 *   <li>A user belongs to the cohort of the bucket holding their earliest event matching {@code start} (the
 *       <em>first start</em>); earlier events outside the range are not looked at.</li>
 *   <li>Period {@code k} of a cohort is the {@code k}-th bucket after the cohort's own, which is period 0. A user of
 *       the cohort <em>returns</em> in period {@code k} when an event matching {@code returning} falls in that
 *       bucket strictly after their first start, so period 0 counts only returns later than the first start, and
 *       the first start itself never counts even when both selectors match it.</li>
 *   <li>A cohort lists periods 0 to {@code periods}, but only those whose bucket overlaps the range: later cohorts
 *       list fewer (the usual triangle). Percentages are {@code 100 * returned / cohort users}, 0 for an empty
 *       cohort.</li>
 * </ul>
 */
public record RetentionQuery(
        ProjectId project,
        EventSelector start,
        EventSelector returning,
        Granularity granularity,
        ZoneId zone,
        TimeRange range,
        int periods) {

    public RetentionQuery {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(returning, "returning");
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(range, "range");
        if (!RetentionResolver.COHORT_GRANULARITIES.contains(granularity)) {
            throw new IllegalArgumentException("cohorts are DAY, WEEK or MONTH: " + granularity);
        }
        if (periods < 0) {
            throw new IllegalArgumentException("periods must not be negative: " + periods);
        }
    }
}
