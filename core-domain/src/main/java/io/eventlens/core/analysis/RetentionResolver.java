package io.eventlens.core.analysis;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.query.BucketSeries;
import io.eventlens.core.query.ErrorCode;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.QueryException;
import io.eventlens.core.query.QueryLimits;
import io.eventlens.core.query.ReportRequestResolver;
import io.eventlens.core.query.TimeRange;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Validates a {@link RetentionRequest} against a catalog and the limits, producing a {@link RetentionQuery}. */
public final class RetentionResolver {

    /** Cohorts of minutes or hours say nothing about retention. */
    public static final Set<Granularity> COHORT_GRANULARITIES =
            EnumSet.of(Granularity.DAY, Granularity.WEEK, Granularity.MONTH);

    public static final int DEFAULT_PERIODS = 10;

    private final QueryLimits limits;
    private final SelectorResolver selectors;

    public RetentionResolver(QueryLimits limits) {
        this.limits = limits;
        this.selectors = new SelectorResolver(limits);
    }

    public RetentionQuery resolve(ProjectId project, RetentionRequest request, Catalog catalog) {
        EventSelector start = selectors.resolve(request.startEvent(), "startEvent", catalog);
        EventSelector returning = selectors.resolve(request.returnEvent(), "returnEvent", catalog);
        Granularity granularity = request.granularity();
        if (granularity == null || !COHORT_GRANULARITIES.contains(granularity)) {
            throw new QueryException(
                    ErrorCode.INVALID_ARGUMENT,
                    "granularity",
                    "cohorts are DAY, WEEK or MONTH" + (granularity == null ? "" : ", got " + granularity));
        }
        ZoneId zone = ReportRequestResolver.zone(request.timezone());
        TimeRange range = SelectorResolver.range(request.from(), request.to());
        long buckets = BucketSeries.count(range, granularity, zone, limits.maxBuckets());
        if (buckets > limits.maxBuckets()) {
            throw new QueryException(
                    ErrorCode.TOO_MANY_BUCKETS,
                    "granularity",
                    "the range holds more than "
                            + limits.maxBuckets() + " " + granularity
                            + " cohorts; use a coarser granularity or a shorter"
                            + " range");
        }
        return new RetentionQuery(project, start, returning, granularity, zone, range, periods(request.periods()));
    }

    private int periods(@Nullable Integer periods) {
        if (periods == null) {
            return DEFAULT_PERIODS;
        }
        if (periods < 0 || periods > limits.maxBuckets()) {
            throw new QueryException(
                    ErrorCode.INVALID_LIMIT,
                    "periods",
                    "must be between 0 and " + limits.maxBuckets() + ", got " + periods);
        }
        return periods;
    }
}
