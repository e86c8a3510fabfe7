package io.eventlens.core.rollup;

import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.catalog.Metric;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.query.BucketSeries;
import io.eventlens.core.query.Filter;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.TimeRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Picks where a report is read from, the same way for every engine. A rollup can answer a report when it keeps every
 * column the report groups or filters by and every metric is mergeable from its rows. Within each of the report's
 * time buckets, the part aligned to a rollup's grain (and inside what the rollup holds) is read from it, coarsest grain
 * first, and what is left at the edges from finer rollups, then from raw events. Because no rollup row ever crosses a
 * report bucket, the answer is the raw events' answer exactly, in any time zone: whole-hour and half-hour offsets
 * and days of 23 or 25 hours only change which parts align. A rollup holds exactly the events before its watermark,
 * so a piece reaching past the watermark reads the rollup up to it, the row the watermark falls in included: only the
 * events after the watermark (the fresh tail) are read raw, not the rest of that row's grain.
 */
public final class ReportPlanner {

    /** Beyond this many pieces the SQL would be larger than the work it saves. */
    static final int MAX_PIECES = 400;

    private ReportPlanner() {}

    /** Where distinct counts come from, for the rollups a plan may use. */
    private enum Distincts {
        /** Only from rollups that keep the distinct column itself (e.g. {@code type_user_1d}). */
        ID_COLUMNS,
        /** From rows' exact member sets: rollups that keep them ({@link RollupCoverage#memberSets()}), only. */
        MEMBER_SETS,
        /** Also from HLL sketches, where the query allows estimates. */
        SKETCHES
    }

    public static ReportPlan plan(ReportQuery query, List<RollupCoverage> coverages) {
        if (query.sources() == ReportQuery.Sources.EVENTS_ONLY) {
            return ReportPlan.eventsOnly(query.range());
        }
        ReportPlan exact = plan(query, coverages, Distincts.ID_COLUMNS);
        if (mergeableByTheApplication(query) || rankedByTheApplication(query)) {
            // Member sets are unions of small rows, not distinct counts over user rows: at the same raw share, better.
            ReportPlan members = plan(query, coverages, Distincts.MEMBER_SETS);
            if (members.memberSets() && rawShare(members) <= rawShare(exact)) {
                exact = members;
            }
        }
        if (query.sources() != ReportQuery.Sources.APPROXIMATE || !mergeableByTheApplication(query)) {
            return exact;
        }
        // Merging a few sketches beats counting distinct ids; still, never read more raw events than the exact plan.
        ReportPlan approximate = plan(query, coverages, Distincts.SKETCHES);
        return !approximate.approximate() || rawShare(approximate) > rawShare(exact) ? exact : approximate;
    }

    private static ReportPlan plan(ReportQuery query, List<RollupCoverage> coverages, Distincts distincts) {
        List<RollupCoverage> levels = levels(
                coverages.stream().filter(c -> answers(c, query, distincts)).toList());
        if (levels.isEmpty()) {
            return ReportPlan.eventsOnly(query.range());
        }
        Pieces pieces = new Pieces();
        for (TimeRange bucket : buckets(query)) {
            cover(bucket.from(), bucket.to(), levels, 0, pieces);
            if (pieces.size() > MAX_PIECES) {
                return ReportPlan.eventsOnly(query.range());
            }
        }
        ReportPlan plan = pieces.plan();
        boolean approximate = distincts == Distincts.SKETCHES
                && plan.segments().stream().anyMatch(segment -> !exactly(segment.rollup(), query));
        boolean memberSets =
                distincts == Distincts.MEMBER_SETS && !plan.segments().isEmpty();
        return new ReportPlan(plan.segments(), plan.rawRanges(), approximate, memberSets);
    }

    /** Whether the rollup keeps everything the report groups, filters and measures by, exactly. */
    public static boolean answers(Rollup rollup, ReportQuery query) {
        return answers(new RollupCoverage(rollup, null, java.time.Instant.MAX), query, Distincts.ID_COLUMNS);
    }

    private static boolean answers(RollupCoverage coverage, ReportQuery query, Distincts distincts) {
        Rollup rollup = coverage.rollup();
        return query.dimensions().stream().allMatch(d -> keeps(rollup, d))
                && query.filters().stream().allMatch(f -> keeps(rollup, f))
                && query.metrics().stream().allMatch(m -> switch (distincts) {
                    case ID_COLUMNS -> mergeable(rollup, m);
                    case MEMBER_SETS -> distinct(m) ? coverage.memberSets() : mergeable(rollup, m);
                    case SKETCHES -> mergeable(rollup, m) || rollup.keepsSketches() && distinct(m);
                });
    }

    private static boolean exactly(Rollup rollup, ReportQuery query) {
        return query.metrics().stream().allMatch(m -> mergeable(rollup, m));
    }

    /**
     * Whether the application may merge the report's distinct counts (from sketches or member sets): it measures one
     * and does not rank by one, because merged values exist only after the database has ordered and limited the rows.
     */
    private static boolean mergeableByTheApplication(ReportQuery query) {
        return query.metrics().stream().anyMatch(ReportPlanner::distinct)
                && query.orderBy().stream()
                        .noneMatch(key -> key instanceof io.eventlens.core.query.SortKey.ByMetric m
                                && distinct(query.metrics().get(m.index())));
    }

    /**
     * Whether the engine may rank the report's rows by a distinct count it merges from member sets: a breakdown
     * without time buckets, whose every group the database returns (one row per tuple of the rollups' few columns)
     * for the engine to count, order ({@link io.eventlens.core.query.RowOrder}) and limit. Series ranked by one
     * stay with the database, which ranks before it buckets.
     */
    public static boolean rankedByTheApplication(ReportQuery query) {
        return query.granularity() == null
                && !query.dimensions().isEmpty()
                && query.orderBy().stream()
                        .anyMatch(key -> key instanceof io.eventlens.core.query.SortKey.ByMetric m
                                && distinct(query.metrics().get(m.index())));
    }

    private static boolean distinct(Metric metric) {
        return metric == BuiltInMetric.UNIQUE_USERS || metric == BuiltInMetric.SESSIONS;
    }

    /** The share of the range read from raw events, to compare plans. */
    private static double rawShare(ReportPlan plan) {
        return plan.rawRanges().stream()
                .mapToDouble(r -> java.time.Duration.between(r.from(), r.to()).toSeconds())
                .sum();
    }

    private static boolean keeps(Rollup rollup, Dimension dimension) {
        return dimension instanceof Dimension.Column c && rollup.columns().contains(c.column());
    }

    private static boolean keeps(Rollup rollup, Filter filter) {
        return !filter.op().numeric() && keeps(rollup, filter.dimension());
    }

    /** Counts and sums add up across rows; a distinct count only when the distinct column is kept. */
    private static boolean mergeable(Rollup rollup, Metric metric) {
        return metric instanceof BuiltInMetric builtIn
                && switch (builtIn) {
                    case EVENTS, REVENUE -> true;
                    case UNIQUE_USERS -> rollup.columns().contains(EventColumn.USER_ID);
                    case SESSIONS -> rollup.columns().contains(EventColumn.SESSION_ID);
                    case BOUNCE_RATE, AVG_SESSION_DURATION, PAGES_PER_SESSION -> false;
                };
    }

    /** One rollup per grain, the narrowest (fewest columns, so fewest rows), coarsest grain first. */
    private static List<RollupCoverage> levels(List<RollupCoverage> usable) {
        Map<Long, RollupCoverage> narrowest = usable.stream()
                .collect(Collectors.toMap(
                        c -> c.rollup().grainSeconds(),
                        Function.identity(),
                        (a, b) -> NARROWER.compare(a, b) <= 0 ? a : b));
        return narrowest.values().stream()
                .sorted(Comparator.comparingLong(
                                (RollupCoverage c) -> c.rollup().grainSeconds())
                        .reversed())
                .toList();
    }

    private static final Comparator<RollupCoverage> NARROWER = Comparator.comparingInt(
                    (RollupCoverage c) -> c.rollup().columns().size())
            .thenComparing(c -> c.rollup().name());

    /** The report's buckets clipped to its range; without granularity, the range itself. */
    private static List<TimeRange> buckets(ReportQuery query) {
        if (query.granularity() == null) {
            return List.of(query.range());
        }
        List<Instant> starts = BucketSeries.covering(query.range(), query.granularity(), query.zone());
        List<TimeRange> buckets = new ArrayList<>(starts.size());
        for (int i = 0; i < starts.size(); i++) {
            Instant from = max(starts.get(i), query.range().from());
            Instant to = i + 1 < starts.size()
                    ? min(starts.get(i + 1), query.range().to())
                    : query.range().to();
            if (from.isBefore(to)) {
                buckets.add(new TimeRange(from, to));
            }
        }
        return buckets;
    }

    /** Covers {@code [from, to)} with the rollup at {@code level} where it aligns, the rest with finer sources. */
    private static void cover(Instant from, Instant to, List<RollupCoverage> levels, int level, Pieces pieces) {
        if (!from.isBefore(to)) {
            return;
        }
        if (level == levels.size()) {
            pieces.raw(from, to);
            return;
        }
        RollupCoverage coverage = levels.get(level);
        long grain = coverage.rollup().grainSeconds();
        Instant alignedFrom = UtcGrid.ceil(from, grain);
        if (coverage.coveredFrom() != null) {
            alignedFrom = max(alignedFrom, UtcGrid.ceil(coverage.coveredFrom(), grain));
        }
        // A rollup holds exactly the events before its watermark, so the row the watermark falls in holds exactly
        // [row start, watermark): a piece reaching past the watermark reads up to it, and only what came after is raw.
        Instant alignedTo = to.isBefore(coverage.watermark()) ? UtcGrid.floor(to, grain) : coverage.watermark();
        if (!alignedFrom.isBefore(alignedTo) || !coverage.holds(alignedFrom, alignedTo)) {
            cover(from, to, levels, level + 1, pieces);
            return;
        }
        cover(from, alignedFrom, levels, level + 1, pieces);
        pieces.rollup(coverage.rollup(), alignedFrom, alignedTo);
        cover(alignedTo, to, levels, level + 1, pieces);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
