package io.eventlens.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.QueryLimits;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.ReportRequest;
import io.eventlens.core.query.ReportRequest.Direction;
import io.eventlens.core.query.ReportRequest.FilterRequest;
import io.eventlens.core.query.ReportRequest.OrderRequest;
import io.eventlens.core.query.ReportRequestResolver;
import io.eventlens.core.seed.EventGenerator;
import io.eventlens.core.storage.WriteResult;
import io.eventlens.core.storage.contract.ReportAssertions;
import io.eventlens.core.storage.contract.ReportOracle;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.test.StepVerifier;

/**
 * Seeded random reports over a realistic project whose rollups were refreshed before late, repeated and fresh events
 * arrived: raw events, whatever the planner picks, and approximation allowed must all give the oracle's answer
 * (distinct counts within the estimate bound where the answer says it is approximate).
 */
class PlannerDifferentialTests {

    /** Fixed, so bucket edges and DST changes (US 8 March, EU 29 March 2026) fall the same way on every run. */
    private static final Instant WINDOW_END = Instant.parse("2026-04-20T00:00:00Z");

    private static final Duration SPAN = Duration.ofDays(60);
    private static final Instant WINDOW_START = WINDOW_END.minus(SPAN);
    private static final List<Instant> DST_CHANGES =
            List.of(Instant.parse("2026-03-08T07:00:00Z"), Instant.parse("2026-03-29T01:00:00Z"));

    private static final int BASE_EVENTS = 20_000;
    private static final int LATE_EVENTS = 3_000;
    private static final int FRESH_EVENTS = 300;
    private static final int USERS = 3_000;
    private static final int CASES = 200;

    private static final List<String> ZONES =
            List.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu");
    private static final List<String> PER_SESSION = List.of("bounceRate", "avgSessionDuration", "pagesPerSession");
    /** Dimensions some default rollup keeps together, and some no default rollup keeps. */
    private static final List<List<String>> KEPT_SETS = List.of(
            List.of(),
            List.of(),
            List.of("type"),
            List.of("country"),
            List.of("device"),
            List.of("userId"),
            List.of("type", "country"),
            List.of("country", "device"),
            List.of("device", "type"),
            List.of("type", "userId"));

    private static final List<List<String>> NOT_KEPT_SETS = List.of(
            List.of("browser"),
            List.of("type", "os"),
            List.of("properties.experiment"),
            List.of("page"),
            List.of("country", "userId"));
    private static final List<String> TYPES = List.of("page_view", "signup", "add_to_cart", "checkout", "purchase");
    private static final List<String> COUNTRIES = List.of("US", "DE", "GB", "FR", "IN", "JP", "NP");
    private static final List<String> DEVICES = List.of("desktop", "mobile", "tablet");

    private static final ReportRequestResolver RESOLVER = new ReportRequestResolver(QueryLimits.defaults());

    private static ProjectId project;
    private static PostgresEventStorage storage;
    private static ReportOracle oracle;
    /** Fresh events end here: after the watermark of the refresh, so only raw events answer for them. */
    private static final Instant FRESH_END =
            Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(3));

    private static final AtomicInteger ran = new AtomicInteger();
    private static final AtomicInteger fromRollups = new AtomicInteger();
    private static final AtomicInteger approximate = new AtomicInteger();
    private static final AtomicInteger mixed = new AtomicInteger();

    /** One seeded report; its text is the test's display name, enough to replay it by hand. */
    record Case(int number, ReportRequest request) {
        @Override
        public String toString() {
            ReportRequest r = request;
            return "#" + number + " " + r.metrics() + " by " + r.dimensions() + " where " + r.filters() + " ["
                    + r.from() + ", " + r.to() + ") every " + r.granularity() + " in " + r.timezone() + " order "
                    + r.orderBy() + " limit " + r.limit();
        }
    }

    @BeforeAll
    static void loadProjectAndRefreshRollupsBeforeLateEvents() {
        storage = PostgresTestServer.shared().storage();
        project = PostgresTestServer.newProject();
        long started = System.nanoTime();
        List<Event> base = new EventGenerator(9, WINDOW_END, SPAN, USERS)
                .events(BASE_EVENTS)
                .toList();
        // The last days are filled in by a backfill (sliced, so its cost grows with the span: keep it short); the
        // older rest then reaches the complete rollups as late events of the writes themselves.
        Instant backfilledFrom = WINDOW_END.minus(Duration.ofDays(5));
        List<Event> recent = base.stream()
                .filter(e -> !e.timestamp().isBefore(backfilledFrom))
                .toList();
        List<Event> older = base.stream()
                .filter(e -> e.timestamp().isBefore(backfilledFrom))
                .toList();
        write(recent, 2_000, recent.size(), 0);
        storage.rollups().refresh(project).as(StepVerifier::create).verifyComplete();
        // No refresh after this: their sketches stay partial rows, which reports merge as they are.
        write(older, 2_000, older.size(), 0);

        // Late: old timestamps, below the watermark, written without a refresh after them.
        List<Event> late = new EventGenerator(10, WINDOW_END, SPAN, USERS)
                .events(LATE_EVENTS)
                .toList();
        // Repeats: some exactly as before, some with the same id but other fields (the stored event wins).
        List<Event> repeats = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(11);
        List<Integer> picked =
                random.ints(0, base.size()).distinct().limit(600).boxed().toList();
        for (int i = 0; i < picked.size(); i++) {
            Event original = base.get(picked.get(i));
            repeats.add(
                    i % 3 != 0
                            ? original
                            : Event.builder(
                                            original.id(),
                                            "purchase",
                                            original.timestamp().minus(Duration.ofDays(2)))
                                    .userId("someone-else")
                                    .country("NP")
                                    .revenue(1_000.0)
                                    .build());
        }
        List<Event> lateAndRepeated = new ArrayList<>(late);
        lateAndRepeated.addAll(repeats);
        java.util.Collections.shuffle(lateAndRepeated, new java.util.Random(12));
        write(lateAndRepeated, 700, late.size(), repeats.size());

        // Fresh: after the watermark, so only raw events answer for them.
        List<Event> fresh = new EventGenerator(13, FRESH_END, Duration.ofHours(2), 200)
                .events(FRESH_EVENTS)
                .toList();
        write(fresh, 300, fresh.size(), 0);

        List<Event> stored = new ArrayList<>(base);
        stored.addAll(late);
        stored.addAll(fresh);
        oracle = new ReportOracle(stored);
        System.err.printf("PlannerDifferentialTests: setup took %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }

    static Stream<Case> reports() {
        SplittableRandom random = new SplittableRandom(2026);
        return IntStream.range(0, CASES).mapToObj(i -> new Case(i, request(random)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reports")
    void everySourceGivesTheOraclesAnswer(Case report) {
        ReportQuery query = RESOLVER.resolve(project, report.request(), Catalog.builtIn());
        Report expected = oracle.report(query);
        Set<Integer> distinct = new HashSet<>();
        for (int i = 0; i < query.metrics().size(); i++) {
            if (query.metrics().get(i) == BuiltInMetric.UNIQUE_USERS
                    || query.metrics().get(i) == BuiltInMetric.SESSIONS) {
                distinct.add(i);
            }
        }
        Report eventsOnly = answer(query.withSources(ReportQuery.Sources.EVENTS_ONLY));
        assertThat(eventsOnly.meta().source()).isEqualTo("events");
        assertThat(eventsOnly.meta().approximate()).isFalse();
        ReportAssertions.assertSameReport(eventsOnly, expected);

        Report any = answer(query.withSources(ReportQuery.Sources.ANY));
        assertThat(any.meta().approximate())
                .as("approximate without being allowed")
                .isFalse();
        ReportAssertions.assertSameReport(any, expected);

        Report approximated = answer(query.withSources(ReportQuery.Sources.APPROXIMATE));
        ReportAssertions.assertSameReport(
                approximated, expected, approximated.meta().approximate() ? distinct : Set.of());
        if (approximated.meta().approximate()) {
            assertThat(distinct).as("approximate without a distinct count").isNotEmpty();
        }

        ran.incrementAndGet();
        if (any.meta().source().contains("rollup:")) {
            fromRollups.incrementAndGet();
            if (any.meta().source().contains("events")) {
                mixed.incrementAndGet();
            }
        }
        if (approximated.meta().approximate()) {
            approximate.incrementAndGet();
        }
    }

    /** Differential tests pass trivially when nothing reads rollups: a good share of the cases must. */
    @AfterAll
    static void aGoodShareOfReportsReallyUsedRollups() {
        System.err.printf(
                "PlannerDifferentialTests: %d reports, %d from rollups (%d with raw events too), " + "%d approximate%n",
                ran.get(), fromRollups.get(), mixed.get(), approximate.get());
        if (ran.get() < CASES) {
            return; // a filtered or failed run says nothing about the mix
        }
        assertThat(fromRollups.get())
                .as("reports answered (partly) from rollups")
                .isGreaterThan(CASES * 35 / 100);
        assertThat(mixed.get())
                .as("reports from rollups and raw events together")
                .isGreaterThan(CASES / 10);
        assertThat(approximate.get()).as("approximate reports").isGreaterThan(CASES / 20);
    }

    private static Report answer(ReportQuery query) {
        AtomicReference<Report> report = new AtomicReference<>();
        storage.report(query)
                .as(StepVerifier::create)
                .consumeNextWith(report::set)
                .verifyComplete();
        return report.get();
    }

    private static void write(List<Event> events, int batchSize, int inserted, int duplicates) {
        int insertedSeen = 0;
        int duplicatesSeen = 0;
        for (int from = 0; from < events.size(); from += batchSize) {
            AtomicReference<WriteResult> result = new AtomicReference<>();
            storage.write(project, events.subList(from, Math.min(events.size(), from + batchSize)))
                    .as(StepVerifier::create)
                    .consumeNextWith(result::set)
                    .verifyComplete();
            insertedSeen += result.get().inserted();
            duplicatesSeen += result.get().duplicates();
        }
        assertThat(insertedSeen).as("inserted").isEqualTo(inserted);
        assertThat(duplicatesSeen).as("duplicates").isEqualTo(duplicates);
    }

    // ---- the seeded report generator ----

    private static ReportRequest request(SplittableRandom random) {
        List<String> metrics = new ArrayList<>();
        int kind = random.nextInt(20);
        if (kind < 12) {
            metrics.addAll(List.of(List.of("events"), List.of("revenue", "events"), List.of("events", "revenue"))
                    .get(random.nextInt(3)));
        } else if (kind < 16) {
            // Ranked by events, the distinct count may come from sketches; ranked by itself, never.
            metrics.addAll(random.nextInt(4) == 0 ? List.of("uniqueUsers") : List.of("events", "uniqueUsers"));
        } else if (kind < 19) {
            metrics.addAll(List.of(
                            List.of("events", "sessions"),
                            List.of("revenue", "uniqueUsers", "sessions"),
                            List.of("sessions", "uniqueUsers"))
                    .get(random.nextInt(3)));
        } else {
            metrics.add("events");
            metrics.add(PER_SESSION.get(random.nextInt(PER_SESSION.size())));
        }
        List<String> dimensions = new ArrayList<>(
                random.nextInt(8) == 0
                        ? NOT_KEPT_SETS.get(random.nextInt(NOT_KEPT_SETS.size()))
                        : KEPT_SETS.get(random.nextInt(KEPT_SETS.size())));
        List<FilterRequest> filters = new ArrayList<>();
        int filterCount = random.nextInt(10) < 5 ? 0 : 1 + random.nextInt(2);
        for (int i = 0; i < filterCount; i++) {
            filters.add(filter(random));
        }

        Granularity granularity = switch (random.nextInt(6)) {
            case 0, 1 -> null;
            case 2 -> Granularity.HOUR;
            case 3 -> Granularity.DAY;
            case 4 -> Granularity.WEEK;
            default -> Granularity.MONTH;
        };
        String zone = ZONES.get(random.nextInt(ZONES.size()));
        Instant[] range = range(random, granularity, ZoneId.of(zone));

        List<OrderRequest> orderBy = new ArrayList<>();
        switch (random.nextInt(8)) {
            case 0 -> orderBy.add(new OrderRequest(metrics.get(random.nextInt(metrics.size())), Direction.ASC));
            case 1 -> {
                if (!dimensions.isEmpty()) {
                    orderBy.add(new OrderRequest(dimensions.getFirst(), Direction.DESC));
                }
            }
            default -> {
                // The default: first metric, descending.
            }
        }
        // Per-user series over hourly buckets would be large; keep the top few then.
        Integer limit = null;
        if (dimensions.contains("userId")) {
            limit = 5 + random.nextInt(20);
        } else if (random.nextInt(4) == 0) {
            limit = 1 + random.nextInt(10);
        }
        return new ReportRequest(metrics, dimensions, filters, range[0], range[1], granularity, zone, orderBy, limit);
    }

    private static FilterRequest filter(SplittableRandom random) {
        if (random.nextInt(6) == 0) {
            return switch (random.nextInt(4)) {
                case 0 -> new FilterRequest("browser", FilterOp.EQ, List.of("Chrome"));
                case 1 -> new FilterRequest("properties.experiment", FilterOp.NEQ, List.of("control"));
                case 2 -> new FilterRequest("properties.duration_ms", FilterOp.GT, List.of("5000"));
                default -> new FilterRequest("page", FilterOp.CONTAINS, List.of("PRODUCT"));
            };
        }
        FilterOp op = List.of(FilterOp.EQ, FilterOp.NEQ, FilterOp.IN, FilterOp.NOT_IN, FilterOp.CONTAINS)
                .get(random.nextInt(5));
        return switch (random.nextInt(4)) {
            case 0 -> new FilterRequest("type", op, values(random, op, TYPES, "_"));
            case 1 -> new FilterRequest("country", op, values(random, op, COUNTRIES, "e"));
            case 2 -> new FilterRequest("device", op, values(random, op, DEVICES, "top"));
            default ->
                new FilterRequest(
                        "userId",
                        op,
                        op == FilterOp.CONTAINS
                                ? List.of("USER-1")
                                : values(random, op, List.of("user-1", "user-2", "user-3", "user-42", "user-7"), ""));
        };
    }

    private static List<String> values(SplittableRandom random, FilterOp op, List<String> known, String fragment) {
        if (op == FilterOp.CONTAINS) {
            return List.of(
                    random.nextBoolean()
                            ? fragment
                            : known.get(random.nextInt(known.size())).toUpperCase());
        }
        if (op == FilterOp.EQ || op == FilterOp.NEQ) {
            return List.of(known.get(random.nextInt(known.size())));
        }
        List<String> values = new ArrayList<>(known);
        java.util.Collections.shuffle(values, new java.util.Random(random.nextLong()));
        return values.subList(0, 1 + random.nextInt(Math.min(3, values.size())));
    }

    /**
     * A range that cuts buckets at odd instants (or sometimes starts on a local midnight), often across a DST
     * change; some reach past the watermark to the fresh events. Hourly ranges stay short so the oracle stays quick.
     */
    private static Instant[] range(SplittableRandom random, @Nullable Granularity granularity, ZoneId zone) {
        if (granularity != Granularity.HOUR && random.nextInt(8) == 0) {
            Instant from = WINDOW_START.plusSeconds(random.nextLong(SPAN.toSeconds()));
            return new Instant[] {from, FRESH_END.plus(Duration.ofMinutes(random.nextInt(180)))};
        }
        long maxDays = granularity == Granularity.HOUR ? 3 : 60;
        Duration length = Duration.ofSeconds(3_600 + random.nextLong(maxDays * 86_400));
        Instant from;
        if (random.nextInt(3) == 0) {
            Instant change = DST_CHANGES.get(random.nextInt(DST_CHANGES.size()));
            from = change.minusSeconds(random.nextLong(Math.max(1, length.toSeconds())));
        } else {
            from = WINDOW_START.minus(Duration.ofDays(1)).plusSeconds(random.nextLong(SPAN.toSeconds() + 86_400));
        }
        switch (random.nextInt(4)) {
            case 0 -> from = from.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
            case 1 -> from = from.plusNanos(random.nextInt(1_000_000) * 1_000L);
            default -> {
                // Any whole second.
            }
        }
        Instant to = from.plus(length);
        if (random.nextInt(4) == 0) {
            to = to.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
            if (!to.isAfter(from)) {
                to = from.plus(Duration.ofDays(1));
            }
        }
        return new Instant[] {from, to};
    }
}
