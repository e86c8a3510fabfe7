package io.eventlens.core.anomaly;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.query.ErrorCode;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.QueryException;
import io.eventlens.core.query.QueryLimits;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.ReportRequest;
import io.eventlens.core.query.ReportRequestResolver;
import io.eventlens.core.query.ReportRow;
import io.eventlens.core.query.TimeRange;
import io.eventlens.core.storage.EventStorage;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Finds anomalies in any engine: asks {@link EventStorage#report} for the metric's series, extended back by the
 * trailing window so the first requested bucket has a full history, then scores each requested bucket with
 * {@link ZScore}.
 */
public final class AnomalyDetector {

    public static final double DEFAULT_THRESHOLD = 3.0;
    public static final int MIN_WINDOW = 2;
    public static final int MAX_WINDOW = 500;

    private final ReportRequestResolver resolver;

    public AnomalyDetector(QueryLimits limits) {
        this.resolver = new ReportRequestResolver(limits);
    }

    /** The default trailing window: one day of hours, two weeks of days, and so on. */
    public static int defaultWindow(Granularity granularity) {
        return switch (granularity) {
            case MINUTE -> 60;
            case HOUR -> 24;
            case DAY -> 14;
            case WEEK -> 8;
            case MONTH -> 6;
        };
    }

    public AnomalyQuery resolve(ProjectId project, AnomalyRequest request, Catalog catalog) {
        double threshold = threshold(request.threshold());
        int window = window(request.window(), request.granularity());
        TimeRange.requested(request.from(), request.to());
        ZoneId zone = ReportRequestResolver.zone(request.timezone());
        Granularity granularity = request.granularity();
        Instant first = granularity.bucketStart(request.from(), zone);
        Instant historyStart = first;
        for (int i = 0; i < window; i++) {
            // The bucket that holds the instant just before this one's start is the previous bucket.
            historyStart = granularity.bucketStart(historyStart.minus(1, ChronoUnit.MICROS), zone);
        }
        ReportRequest series = new ReportRequest(
                List.of(request.metric()),
                null,
                request.filters(),
                historyStart,
                request.to(),
                granularity,
                request.timezone(),
                null,
                null);
        try {
            return new AnomalyQuery(resolver.resolve(project, series, catalog), first, window, threshold);
        } catch (QueryException e) {
            // The series is one metric; the client named it "metric".
            if (e.field().equals("metrics[0]") || e.field().equals("metrics")) {
                throw new QueryException(e.code(), "metric", problem(e));
            }
            if (e.code() == ErrorCode.TOO_MANY_BUCKETS) {
                throw new QueryException(
                        e.code(),
                        "granularity",
                        problem(e) + " (the " + window + " buckets of the trailing window count too)");
            }
            throw e;
        }
    }

    public Mono<Anomalies> detect(AnomalyQuery query, EventStorage storage) {
        ReportQuery series = query.series();
        return storage.report(series).map(report -> {
            List<ReportRow> rows = report.rows();
            List<@Nullable Double> values = new ArrayList<>(rows.size());
            rows.forEach(row -> values.add(row.values().getFirst()));
            List<AnomalyBucket> buckets = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                ReportRow row = rows.get(i);
                if (row.bucket() != null && !row.bucket().toInstant().isBefore(query.firstBucket())) {
                    buckets.add(ZScore.score(row.bucket(), values, i, query.window(), query.threshold()));
                }
            }
            // The series always has buckets: prepare gives it the granularity.
            return new Anomalies(
                    series.metrics().getFirst().publicName(),
                    Objects.requireNonNull(series.granularity(), "granularity"),
                    query.window(),
                    query.threshold(),
                    buckets);
        });
    }

    private static double threshold(@Nullable Double threshold) {
        if (threshold == null) {
            return DEFAULT_THRESHOLD;
        }
        if (!(threshold > 0) || threshold > 100 || threshold.isInfinite()) {
            throw new QueryException(
                    ErrorCode.INVALID_ARGUMENT,
                    "threshold",
                    "must be a number above 0 and at most 100, got " + threshold);
        }
        return threshold;
    }

    private static int window(@Nullable Integer window, Granularity granularity) {
        if (window == null) {
            return defaultWindow(granularity);
        }
        if (window < MIN_WINDOW || window > MAX_WINDOW) {
            throw new QueryException(
                    ErrorCode.INVALID_ARGUMENT,
                    "window",
                    "must be between " + MIN_WINDOW + " and " + MAX_WINDOW + " buckets, got " + window);
        }
        return window;
    }

    private static String problem(QueryException e) {
        String message = String.valueOf(e.getMessage());
        String prefix = e.field() + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }
}
