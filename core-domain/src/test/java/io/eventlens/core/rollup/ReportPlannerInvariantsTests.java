package io.eventlens.core.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.catalog.Metric;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.query.BucketSeries;
import io.eventlens.core.query.Filter;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.SortKey;
import io.eventlens.core.query.TimeRange;
import io.eventlens.core.rollup.PlanOracle.Part;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The planner's plans over seeded random rollups, coverages and reports, checked against rules and an oracle. */
class ReportPlannerInvariantsTests {

    private static final long SEED = 0x5EED_2026L;
    private static final int CASES = 300;

    private static final List<ZoneId> ZONES = Stream.of(
                    "UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "Australia/Lord_Howe")
            .map(ZoneId::of)
            .toList();

    /** DST changes of 2026 in the zones above (Berlin, New York, Lord Howe both ways), and a quiet day. */
    private static final List<Instant> ANCHORS = Stream.of(
                    "2026-03-29T01:00:00Z",
                    "2026-10-25T01:00:00Z",
                    "2026-03-08T07:00:00Z",
                    "2026-11-01T06:00:00Z",
                    "2026-04-04T15:00:00Z",
                    "2026-10-03T15:30:00Z",
                    "2026-01-15T00:00:00Z")
            .map(Instant::parse)
            .toList();

    private static final List<Duration> GRAINS =
            List.of(Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofDays(1));

    private static final List<@Nullable Granularity> GRANULARITIES = Arrays.asList(
            null, Granularity.MINUTE, Granularity.HOUR, Granularity.DAY, Granularity.WEEK, Granularity.MONTH);

    record Case(int index, ReportQuery query, List<RollupCoverage> coverages) {

        @Override
        public String toString() {
            return "#" + index + " " + query.granularity() + " " + query.zone() + " "
                    + query.range().from() + ".." + query.range().to();
        }

        String describe() {
            return this + " " + query.metrics() + " dims=" + query.dimensions() + " filters=" + query.filters() + " "
                    + query.sources() + " " + coverages;
        }
    }

    static Stream<Case> cases() {
        SplittableRandom random = new SplittableRandom(SEED);
        return IntStream.range(0, CASES).mapToObj(i -> randomCase(i, random.split()));
    }

    /** One invocation per case runs every check, so the 300 cases take about a second. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyPlanKeepsTheInvariantsAndEqualsTheOracle(Case c) {
        ReportPlan plan = ReportPlanner.plan(c.query(), c.coverages());
        try {
            partsAreDisjointInOrderAndCoverTheRangeExactly(c, plan);
            everySegmentIsAlignedHeldAndAnswersTheReport(c, plan);
            noReportBucketBoundaryFallsInsideARollupRow(c, plan);
            everyRollupRowFallsInOneReportBucket(c, plan);
            planEqualsTheOracle(c, plan);
            eventsOnlyGivesOneRawRange(c);
        } catch (AssertionError e) {
            throw new AssertionError(c.describe() + "\n" + e.getMessage(), e);
        }
    }

    private static void partsAreDisjointInOrderAndCoverTheRangeExactly(Case c, ReportPlan plan) {
        List<Part> parts = PlanOracle.parts(plan);
        TimeRange range = c.query().range();

        assertThat(parts).isNotEmpty();
        assertThat(parts.getFirst().from()).isEqualTo(range.from());
        assertThat(parts.getLast().to()).isEqualTo(range.to());
        for (int i = 0; i < parts.size(); i++) {
            assertThat(parts.get(i).from())
                    .as("part %s is not empty", parts.get(i))
                    .isBefore(parts.get(i).to());
            if (i > 0) {
                assertThat(parts.get(i).from())
                        .as("part %d starts where part %d ends", i, i - 1)
                        .isEqualTo(parts.get(i - 1).to());
            }
        }
        // The plan's own lists are in time order too.
        assertThat(plan.segments())
                .isSortedAccordingTo(
                        (a, b) -> a.range().from().compareTo(b.range().from()));
        assertThat(plan.rawRanges()).isSortedAccordingTo((a, b) -> a.from().compareTo(b.from()));
    }

    private static void everySegmentIsAlignedHeldAndAnswersTheReport(Case c, ReportPlan plan) {
        for (RollupSegment segment : plan.segments()) {
            long grain = segment.rollup().grain().toSeconds();
            assertThat(alignedTo(segment.range().from(), grain))
                    .as("start of %s", segment)
                    .isTrue();
            RollupCoverage coverage = c.coverages().stream()
                    .filter(cov -> cov.rollup().equals(segment.rollup()))
                    .findFirst()
                    .orElseThrow();
            // A segment ends on a row boundary, or at the watermark, where the rollup's last row ends for now.
            assertThat(alignedTo(segment.range().to(), grain)
                            || segment.range().to().equals(coverage.watermark()))
                    .as("end of %s", segment)
                    .isTrue();
            assertThat(segment.endsInsideARow())
                    .isEqualTo(!alignedTo(segment.range().to(), grain));
            if (coverage.coveredFrom() != null) {
                assertThat(segment.range().from()).isAfterOrEqualTo(coverage.coveredFrom());
            }
            assertThat(segment.range().to()).isBeforeOrEqualTo(coverage.watermark());
            assertThat(PlanOracle.answers(coverage, c.query(), plan.memberSets()))
                    .as("%s answers the report", segment)
                    .isTrue();
        }
    }

    private static void noReportBucketBoundaryFallsInsideARollupRow(Case c, ReportPlan plan) {
        if (c.query().granularity() == null || plan.segments().isEmpty()) {
            return;
        }
        List<Instant> boundaries = BucketSeries.covering(
                c.query().range(), c.query().granularity(), c.query().zone());
        for (RollupSegment segment : plan.segments()) {
            long grain = segment.rollup().grain().toSeconds();
            for (Instant boundary : boundaries) {
                if (boundary.isAfter(segment.range().from())
                        && boundary.isBefore(segment.range().to())) {
                    // Rows start at from + k * grain: a boundary inside the segment must be a row start.
                    assertThat(alignedTo(boundary, grain))
                            .as("bucket boundary %s inside a row of %s", boundary, segment)
                            .isTrue();
                }
            }
        }
    }

    /**
     * What engines rely on: all events of one rollup row fall in the same report bucket, an event's bucket being the
     * last {@link BucketSeries#covering} start at or before it (as the engines and the contract oracle assign them).
     * Not {@link Granularity#bucketStart}: around Lord Howe's half-hour DST shifts the two differ, and the series
     * intervals are what reports use.
     */
    private static void everyRollupRowFallsInOneReportBucket(Case c, ReportPlan plan) {
        Granularity granularity = c.query().granularity();
        if (granularity == null) {
            return;
        }
        NavigableSet<Instant> starts = new TreeSet<>(
                BucketSeries.covering(c.query().range(), granularity, c.query().zone()));
        for (RollupSegment segment : plan.segments()) {
            Duration grain = segment.rollup().grain();
            for (Instant row = segment.range().from();
                    row.isBefore(segment.range().to());
                    row = row.plus(grain)) {
                Instant rowEnd = row.plus(grain).isAfter(segment.range().to())
                        ? segment.range().to()
                        : row.plus(grain);
                Instant lastMicro = rowEnd.minusNanos(1000);
                assertThat(starts.floor(lastMicro))
                        .as("bucket of the last microsecond of row %s of %s", row, segment)
                        .isEqualTo(starts.floor(row));
            }
        }
    }

    private static void planEqualsTheOracle(Case c, ReportPlan plan) {
        assertThat(PlanOracle.parts(plan))
                .isEqualTo(PlanOracle.expected(c.query(), c.coverages(), ReportPlanner.MAX_PIECES));
        assertThat(plan.memberSets())
                .as("distinct counts from member sets")
                .isEqualTo(PlanOracle.prefersMemberSets(c.query(), c.coverages(), ReportPlanner.MAX_PIECES));
        assertThat(plan.source()).isEqualTo(expectedSource(PlanOracle.parts(plan)));
    }

    private static void eventsOnlyGivesOneRawRange(Case c) {
        ReportQuery query = c.query().withSources(ReportQuery.Sources.EVENTS_ONLY);
        ReportPlan plan = ReportPlanner.plan(query, c.coverages());
        assertThat(plan.segments()).isEmpty();
        assertThat(plan.rawRanges()).containsExactly(query.range());
        assertThat(plan.eventsOnly()).isTrue();
        assertThat(plan.source()).isEqualTo("events");
    }

    /** Guards the generator: the random cases must reach every kind of plan, or the checks above prove little. */
    @Test
    void casesCoverPlansOfEveryKind() {
        int eventsOnly = 0;
        int rollupOnly = 0;
        int mixed = 0;
        int mixedGrains = 0;
        int bucketed = 0;
        int bucketedMixed = 0;
        int readUpToAWatermark = 0;
        int memberSets = 0;
        for (Case c : cases().toList()) {
            ReportPlan plan = ReportPlanner.plan(c.query(), c.coverages());
            if (plan.memberSets()) {
                memberSets++;
            }
            if (plan.segments().stream().anyMatch(RollupSegment::endsInsideARow)) {
                readUpToAWatermark++;
            }
            if (plan.segments().isEmpty()) {
                eventsOnly++;
            } else if (plan.rawRanges().isEmpty()) {
                rollupOnly++;
            } else {
                mixed++;
            }
            if (plan.rollups().size() > 1) {
                mixedGrains++;
            }
            if (c.query().granularity() != null && !plan.segments().isEmpty()) {
                bucketed++;
                if (!plan.rawRanges().isEmpty()) {
                    bucketedMixed++;
                }
            }
        }
        assertThat(eventsOnly).isGreaterThanOrEqualTo(CASES / 10);
        assertThat(rollupOnly).isGreaterThanOrEqualTo(10);
        assertThat(mixed).isGreaterThanOrEqualTo(CASES / 5);
        assertThat(mixedGrains).isGreaterThanOrEqualTo(CASES / 20);
        assertThat(bucketed).isGreaterThanOrEqualTo(CASES / 10);
        assertThat(bucketedMixed).isGreaterThanOrEqualTo(CASES / 20);
        assertThat(readUpToAWatermark).isGreaterThanOrEqualTo(CASES / 20);
        assertThat(memberSets).isGreaterThanOrEqualTo(CASES / 30);
    }

    // -- generation

    private static Case randomCase(int index, SplittableRandom random) {
        List<Rollup> rollups = randomRollups(random);
        @Nullable Granularity granularity = GRANULARITIES.get(random.nextInt(GRANULARITIES.size()));
        ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
        TimeRange range = randomRange(random, granularity, zone);
        List<RollupCoverage> coverages = new ArrayList<>();
        for (Rollup rollup : rollups) {
            coverages.add(randomCoverage(random, rollup, range));
        }
        List<Metric> metrics = randomMetrics(random);
        List<Dimension> dimensions = randomDimensions(random);
        List<Filter> filters = randomFilters(random);
        ReportQuery.Sources sources =
                random.nextInt(10) == 0 ? ReportQuery.Sources.EVENTS_ONLY : ReportQuery.Sources.ANY;
        ReportQuery query = new ReportQuery(
                ProjectId.DEFAULT,
                metrics,
                dimensions,
                filters,
                range,
                granularity,
                zone,
                List.of(new SortKey.ByMetric(0, true)),
                10,
                false,
                null,
                sources);
        return new Case(index, query, coverages);
    }

    private static List<Rollup> randomRollups(SplittableRandom random) {
        int count = 1 + random.nextInt(5);
        List<Rollup> rollups = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Duration grain = GRAINS.get(random.nextInt(GRAINS.size()));
            Set<EventColumn> columns = EnumSet.of(EventColumn.TYPE);
            for (EventColumn optional : List.of(
                    EventColumn.COUNTRY,
                    EventColumn.DEVICE,
                    EventColumn.USER_ID,
                    EventColumn.SESSION_ID,
                    EventColumn.BROWSER)) {
                if (random.nextInt(10) < 4) {
                    columns.add(optional);
                }
            }
            rollups.add(new Rollup("r" + i + "_" + grain.toMinutes() + "m", grain, columns));
        }
        return rollups;
    }

    private static RollupCoverage randomCoverage(SplittableRandom random, Rollup rollup, TimeRange range) {
        long from = range.from().getEpochSecond();
        long to = range.to().getEpochSecond();
        long grain = rollup.grain().toSeconds();
        Instant coveredFrom = null;
        if (random.nextInt(5) < 2) {
            long at = random.nextLong(from - 5 * 86_400, to);
            coveredFrom = Instant.ofEpochSecond(Math.floorDiv(at, grain) * grain);
        }
        Instant watermark = random.nextInt(5) < 2
                ? range.to().plus(Duration.ofDays(30))
                : Instant.ofEpochSecond(random.nextLong(from - 3_600, to + 86_400), random.nextInt(1_000_000) * 1000L);
        return new RollupCoverage(rollup, coveredFrom, watermark, rollup.keepsMembers() && random.nextBoolean());
    }

    private static TimeRange randomRange(SplittableRandom random, @Nullable Granularity granularity, ZoneId zone) {
        Duration maxLength = granularity == null
                ? Duration.ofDays(20)
                : switch (granularity) {
                    case MINUTE -> Duration.ofHours(36);
                    case HOUR -> Duration.ofDays(8);
                    case DAY -> Duration.ofDays(45);
                    case WEEK -> Duration.ofDays(70);
                    case MONTH -> Duration.ofDays(120);
                };
        long length = 60 + random.nextLong(maxLength.toSeconds());
        Instant anchor = ANCHORS.get(random.nextInt(ANCHORS.size()));
        Instant from = anchor.minusSeconds(random.nextLong(length));
        Instant to = from.plusSeconds(length);
        switch (random.nextInt(3)) {
            case 0 -> { // odd instants, down to the microsecond
                from = from.plusNanos(random.nextInt(1_000_000) * 1000L);
                to = to.plusNanos(random.nextInt(1_000_000) * 1000L);
            }
            case 1 -> { // quarter hours
                from = Instant.ofEpochSecond(Math.floorDiv(from.getEpochSecond(), 900) * 900);
                to = Instant.ofEpochSecond(Math.floorDiv(to.getEpochSecond(), 900) * 900 + 900);
            }
            default -> { // local midnights, as dashboards ask
                from = from.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
                to = to.atZone(zone)
                        .toLocalDate()
                        .plusDays(1)
                        .atStartOfDay(zone)
                        .toInstant();
            }
        }
        return new TimeRange(from, to);
    }

    private static List<Metric> randomMetrics(SplittableRandom random) {
        Set<Metric> metrics = new LinkedHashSet<>();
        metrics.add(random.nextBoolean() ? BuiltInMetric.EVENTS : BuiltInMetric.REVENUE);
        if (random.nextInt(4) == 0) {
            metrics.add(BuiltInMetric.UNIQUE_USERS);
        }
        if (random.nextInt(8) == 0) {
            metrics.add(BuiltInMetric.SESSIONS);
        }
        if (random.nextInt(10) == 0) {
            metrics.add(BuiltInMetric.BOUNCE_RATE);
        }
        return List.copyOf(metrics);
    }

    private static List<Dimension> randomDimensions(SplittableRandom random) {
        List<Dimension> dimensions = new ArrayList<>();
        if (random.nextInt(3) == 0) {
            dimensions.add(new Dimension.Column(EventColumn.TYPE));
        }
        if (random.nextInt(5) == 0) {
            dimensions.add(new Dimension.Column(random.nextBoolean() ? EventColumn.COUNTRY : EventColumn.DEVICE));
        }
        if (random.nextInt(12) == 0) {
            dimensions.add(new Dimension.Column(EventColumn.BROWSER));
        }
        if (random.nextInt(12) == 0) {
            dimensions.add(new Dimension.Property("plan"));
        }
        return dimensions;
    }

    private static List<Filter> randomFilters(SplittableRandom random) {
        return switch (random.nextInt(20)) {
            case 0, 1, 2 ->
                List.of(new Filter(new Dimension.Column(EventColumn.COUNTRY), FilterOp.IN, List.of("DE", "US")));
            case 3, 4 -> List.of(new Filter(new Dimension.Column(EventColumn.TYPE), FilterOp.EQ, List.of("page_view")));
            case 5 -> List.of(new Filter(new Dimension.Column(EventColumn.DEVICE), FilterOp.NOT_IN, List.of("tablet")));
            case 6 -> List.of(new Filter(new Dimension.Property("plan"), FilterOp.EQ, List.of("pro")));
            case 7 -> List.of(new Filter(new Dimension.Property("amount"), FilterOp.GT, List.of("10")));
            default -> List.of();
        };
    }

    // -- independent expectations

    private static boolean alignedTo(Instant instant, long grainSeconds) {
        return instant.getNano() == 0 && Math.floorMod(instant.getEpochSecond(), grainSeconds) == 0;
    }

    private static String expectedSource(List<Part> parts) {
        Set<String> names = new LinkedHashSet<>();
        boolean raw = false;
        for (Part part : parts) {
            if (part.rollup() == null) {
                raw = true;
            } else {
                names.add("rollup:" + part.rollup().name());
            }
        }
        List<String> sources = new ArrayList<>(names);
        if (raw) {
            sources.add("events");
        }
        return String.join("+", sources);
    }
}
