package io.eventlens.core.rollup;

import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.catalog.Metric;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.query.BucketSeries;
import io.eventlens.core.query.Filter;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.SortKey;
import io.eventlens.core.query.TimeRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The plan a report should get, worked out without the planner: time is cut into elementary intervals (on the finest
 * rollup grid, at every bucket boundary, at the range's ends and at the watermarks), each interval goes to the
 * coarsest rollup whose row around it — the part of it the rollup holds, which ends at the watermark — lies wholly
 * inside its report bucket and inside what the rollup holds, and shares no instant with a row a coarser rollup reads;
 * else to raw events. This equals
 * the planner's recursive split when the grains nest (15m, 30m, 1h, 1d do).
 */
final class PlanOracle {

    /** One part of a plan in time order; {@code rollup} null for raw events. */
    record Part(@Nullable Rollup rollup, Instant from, Instant to) {

        @Override
        public String toString() {
            return (rollup == null ? "events" : rollup.name()) + "[" + from + ", " + to + ")";
        }
    }

    private PlanOracle() {}

    /** Whether a rollup can answer the report, from the rules stated in the task, not the planner's code. */
    static boolean answers(Rollup rollup, ReportQuery query) {
        return answers(new RollupCoverage(rollup, null, Instant.MAX), query, false);
    }

    /**
     * The same; with {@code memberSets}, distinct counts come only from rows keeping member sets (never from a rollup
     * keeping the id column: ids and member numbers do not mix).
     */
    static boolean answers(RollupCoverage coverage, ReportQuery query, boolean memberSets) {
        Rollup rollup = coverage.rollup();
        for (Dimension dimension : query.dimensions()) {
            if (!(dimension instanceof Dimension.Column column)
                    || !rollup.columns().contains(column.column())) {
                return false;
            }
        }
        for (Filter filter : query.filters()) {
            if (filter.op().numeric()
                    || !(filter.dimension() instanceof Dimension.Column column)
                    || !rollup.columns().contains(column.column())) {
                return false;
            }
        }
        for (Metric metric : query.metrics()) {
            if (!(metric instanceof BuiltInMetric builtIn)) {
                return false;
            }
            boolean mergeable = switch (builtIn) {
                case EVENTS, REVENUE -> true;
                case UNIQUE_USERS ->
                    memberSets ? coverage.memberSets() : rollup.columns().contains(EventColumn.USER_ID);
                case SESSIONS ->
                    memberSets ? coverage.memberSets() : rollup.columns().contains(EventColumn.SESSION_ID);
                default -> false;
            };
            if (!mergeable) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the plan should merge distinct counts from member sets: the report measures one without ranking by one,
     * member sets answer part of it, and they leave no more of the range to raw events than rollups keeping the ids.
     */
    static boolean prefersMemberSets(ReportQuery query, List<RollupCoverage> coverages, int maxPieces) {
        boolean distinct = query.metrics().contains(BuiltInMetric.UNIQUE_USERS)
                || query.metrics().contains(BuiltInMetric.SESSIONS);
        boolean rankedByDistinct = query.orderBy().stream()
                .anyMatch(key -> key instanceof SortKey.ByMetric m
                        && (query.metrics().get(m.index()) == BuiltInMetric.UNIQUE_USERS
                                || query.metrics().get(m.index()) == BuiltInMetric.SESSIONS));
        if (!distinct || rankedByDistinct || query.sources() == ReportQuery.Sources.EVENTS_ONLY) {
            return false;
        }
        List<Part> members = expected(query, coverages, maxPieces, true);
        return members.stream().anyMatch(part -> part.rollup() != null)
                && rawSeconds(members) <= rawSeconds(expected(query, coverages, maxPieces, false));
    }

    private static double rawSeconds(List<Part> parts) {
        return parts.stream()
                .filter(part -> part.rollup() == null)
                .mapToDouble(part ->
                        java.time.Duration.between(part.from(), part.to()).toSeconds())
                .sum();
    }

    /** The actual plan as parts in time order. */
    static List<Part> parts(ReportPlan plan) {
        List<Part> parts = new ArrayList<>();
        plan.segments()
                .forEach(s -> parts.add(
                        new Part(s.rollup(), s.range().from(), s.range().to())));
        plan.rawRanges().forEach(r -> parts.add(new Part(null, r.from(), r.to())));
        parts.sort(Comparator.comparing(Part::from));
        return parts;
    }

    static List<Part> expected(ReportQuery query, List<RollupCoverage> coverages, int maxPieces) {
        return expected(query, coverages, maxPieces, prefersMemberSets(query, coverages, maxPieces));
    }

    private static List<Part> expected(
            ReportQuery query, List<RollupCoverage> coverages, int maxPieces, boolean memberSets) {
        TimeRange range = query.range();
        List<Part> eventsOnly = List.of(new Part(null, range.from(), range.to()));
        if (query.sources() == ReportQuery.Sources.EVENTS_ONLY) {
            return eventsOnly;
        }
        // Documented policy: per grain, the usable rollup with the fewest columns (then by name); coarsest first.
        Map<Long, RollupCoverage> byGrain = new TreeMap<>(Comparator.reverseOrder());
        for (RollupCoverage coverage : coverages) {
            if (!answers(coverage, query, memberSets)) {
                continue;
            }
            byGrain.merge(coverage.rollup().grain().toSeconds(), coverage, (a, b) -> {
                int ca = a.rollup().columns().size();
                int cb = b.rollup().columns().size();
                return ca != cb
                        ? (ca < cb ? a : b)
                        : (a.rollup().name().compareTo(b.rollup().name()) <= 0 ? a : b);
            });
        }
        List<RollupCoverage> levels = List.copyOf(byGrain.values());
        if (levels.isEmpty()) {
            return eventsOnly;
        }
        long step = 0;
        for (RollupCoverage level : levels) {
            step = gcd(step, level.rollup().grain().toSeconds());
        }
        NavigableSet<Instant> bucketStarts = new TreeSet<>();
        bucketStarts.add(range.from());
        if (query.granularity() != null) {
            for (Instant start : BucketSeries.covering(range, query.granularity(), query.zone())) {
                if (start.isAfter(range.from())) {
                    bucketStarts.add(start);
                }
            }
        }
        NavigableSet<Instant> cuts = new TreeSet<>(bucketStarts);
        cuts.add(range.to());
        for (RollupCoverage level : levels) { // a rollup is read up to its watermark, wherever that falls
            if (level.watermark().isAfter(range.from()) && level.watermark().isBefore(range.to())) {
                cuts.add(level.watermark());
            }
        }
        for (long s = ceilSeconds(range.from(), step); s < range.to().getEpochSecond() + 1; s += step) {
            Instant cut = Instant.ofEpochSecond(s);
            if (cut.isAfter(range.from()) && cut.isBefore(range.to())) {
                cuts.add(cut);
            }
        }
        List<Part> parts = new ArrayList<>();
        Instant previous = null;
        for (Instant cut : cuts) {
            if (previous != null) {
                Instant bucketFrom = bucketStarts.floor(previous);
                Instant next = bucketStarts.higher(previous);
                Instant bucketTo = next == null ? range.to() : next;
                add(parts, new Part(source(previous, bucketFrom, bucketTo, levels, cuts), previous, cut));
            }
            previous = cut;
        }
        return parts.size() > maxPieces ? eventsOnly : parts;
    }

    private static @Nullable Rollup source(
            Instant at, Instant bucketFrom, Instant bucketTo, List<RollupCoverage> levels, NavigableSet<Instant> cuts) {
        for (int level = 0; level < levels.size(); level++) {
            if (reads(level, at, bucketFrom, bucketTo, levels, cuts)) {
                return levels.get(level).rollup();
            }
        }
        return null;
    }

    /**
     * Whether the rollup at {@code level} reads its row around {@code at}: the part of the row it holds (which ends at
     * its watermark) lies in the report bucket and in its coverage, and no coarser rollup reads any instant of it (a
     * row is read whole, so its events must not be read twice).
     */
    private static boolean reads(
            int level,
            Instant at,
            Instant bucketFrom,
            Instant bucketTo,
            List<RollupCoverage> levels,
            NavigableSet<Instant> cuts) {
        RollupCoverage coverage = levels.get(level);
        long grain = coverage.rollup().grain().toSeconds();
        Instant rowFrom = Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), grain) * grain);
        Instant rowTo = rowFrom.plusSeconds(grain);
        Instant heldTo = rowTo.isAfter(coverage.watermark()) ? coverage.watermark() : rowTo;
        boolean insideBucket = !rowFrom.isBefore(bucketFrom) && !heldTo.isAfter(bucketTo);
        boolean held = (coverage.coveredFrom() == null || !rowFrom.isBefore(coverage.coveredFrom()))
                && at.isBefore(coverage.watermark());
        if (!insideBucket || !held) {
            return false;
        }
        NavigableSet<Instant> instants = new TreeSet<>(cuts.subSet(rowFrom, true, heldTo, false));
        instants.add(rowFrom);
        for (Instant instant : instants) {
            for (int coarser = 0; coarser < level; coarser++) {
                if (reads(coarser, instant, bucketFrom, bucketTo, levels, cuts)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void add(List<Part> parts, Part part) {
        if (!parts.isEmpty()) {
            Part last = parts.getLast();
            if (last.to().equals(part.from()) && Objects.equals(last.rollup(), part.rollup())) {
                parts.set(parts.size() - 1, new Part(last.rollup(), last.from(), part.to()));
                return;
            }
        }
        parts.add(part);
    }

    private static long ceilSeconds(Instant instant, long step) {
        long floor = Math.floorDiv(instant.getEpochSecond(), step) * step;
        return floor == instant.getEpochSecond() && instant.getNano() == 0 ? floor : floor + step;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
