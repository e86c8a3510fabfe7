package io.eventlens.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.Event;
import io.eventlens.core.promotion.PromotedProperty;
import io.eventlens.core.promotion.PropertyType;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.QueryLimits;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.ReportRequest;
import io.eventlens.core.query.ReportRequestResolver;
import io.eventlens.core.query.ReportRow;
import io.eventlens.core.storage.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Promoted properties on PostgreSQL against raw SQL over the same events: the drill-down (a numeric filter on
 * {@code properties.duration_ms}) and breakdown ({@code properties.experiment}) answer the same before, during
 * (column half filled) and after the backfill and after demotion, and promoting and demoting while events stream in
 * loses and doubles nothing and leaves no event with a column that differs from its JSON.
 */
class PromotedPropertyTests {

    private static final ReportRequestResolver RESOLVER = new ReportRequestResolver(QueryLimits.defaults());
    private static final Dimension.Property DURATION = new Dimension.Property("duration_ms");
    private static final Dimension.Property EXPERIMENT = new Dimension.Property("experiment");

    private final PostgresTestServer server = PostgresTestServer.shared();
    private final PostgresEventStorage storage = server.storage();
    private final PostgresPromotions promotions = storage.promotions();
    private final ProjectId project = PostgresTestServer.newProject();
    private final Instant from = Instant.parse("2025-06-01T00:00:00Z");
    private final Instant to = from.plus(Duration.ofDays(30));
    private final Random random = new Random();

    @Test
    void reportsEqualRawSqlBeforeDuringAndAfterBackfillAndAfterDemotion() {
        write(events(3_000));
        assertReportsEqualRawSql("before");

        promote(DURATION, PropertyType.NUMBER);
        promote(EXPERIMENT, PropertyType.STRING);
        write(events(500)); // filled by the trigger
        assertThat(promotions.backfillStep(project, 700).block())
                .as("more to fill")
                .isTrue();
        assertThat(listed()).allSatisfy(p -> {
            assertThat(p.state()).isEqualTo(PromotedProperty.State.BACKFILLING);
            assertThat(p.progress()).isGreaterThan(0).isLessThan(1);
        });
        assertThat(differing(EXPERIMENT))
                .as("half filled: events still differ from their JSON")
                .isPositive();
        assertReportsEqualRawSql("during");

        promotions.refresh(project).as(StepVerifier::create).verifyComplete();
        assertThat(listed()).allSatisfy(p -> {
            assertThat(p.state()).isEqualTo(PromotedProperty.State.READY);
            assertThat(p.progress()).isEqualTo(1.0);
        });
        assertThat(differing(EXPERIMENT)).isZero();
        assertThat(differing(DURATION)).isZero();
        assertThat(indexValid(column(DURATION)))
                .as("indexed on every partition")
                .isTrue();
        assertThat(compiledSql())
                .as("reads the columns, not the JSON")
                .contains("e.promoted_")
                .doesNotContain("properties");
        write(events(300));
        assertReportsEqualRawSql("after");

        promotions
                .demote(project, DURATION)
                .as(StepVerifier::create)
                .expectNext(true)
                .verifyComplete();
        assertThat(compiledSql()).as("reads the JSON again at once").contains("properties ->");
        assertReportsEqualRawSql("demoting");
        String column = column(DURATION);
        promotions.refresh(project).as(StepVerifier::create).verifyComplete();
        assertThat(columnExists(column)).as("dropped").isFalse();
        assertThat(listed()).extracting(PromotedProperty::name).containsExactly("properties.experiment");
        assertReportsEqualRawSql("demoted");
    }

    @Test
    void promotingAndDemotingUnderConcurrentIngestLosesAndDoublesNothing() {
        write(events(2_000));
        // Later than the reports' range, so the reports compare with raw SQL while these stream in.
        List<List<Event>> batches = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            batches.add(events(100, to, to.plus(Duration.ofDays(10))));
        }
        Mono<Integer> ingest = Flux.fromIterable(batches)
                .flatMap(batch -> storage.write(project, batch).subscribeOn(Schedulers.boundedElastic()), 2)
                .map(WriteResult::inserted)
                .reduce(0, Integer::sum)
                .cache();
        ingest.subscribe();

        promote(EXPERIMENT, PropertyType.STRING);
        promote(DURATION, PropertyType.NUMBER);
        while (Boolean.TRUE.equals(promotions.backfillStep(project, 300).block())) {
            assertReportsEqualRawSql("backfilling under ingest");
        }
        promotions
                .demote(project, DURATION)
                .as(StepVerifier::create)
                .expectNext(true)
                .verifyComplete();
        promotions.refresh(project).as(StepVerifier::create).verifyComplete();
        promote(DURATION, PropertyType.NUMBER);
        assertReportsEqualRawSql("promoted again under ingest");

        assertThat(ingest.block(Duration.ofMinutes(1))).isEqualTo(40 * 100);
        promotions.refresh(project).as(StepVerifier::create).verifyComplete();
        Map<String, Long> stored = rawRow(
                "SELECT count(*) AS events, count(DISTINCT id) AS ids FROM events " + "WHERE project_id = $1",
                List.of(project.value()));
        assertThat(stored).containsEntry("events", 6_000L).containsEntry("ids", 6_000L);
        assertThat(differing(EXPERIMENT)).isZero();
        assertThat(differing(DURATION)).isZero();
        assertReportsEqualRawSql("after ingest");
    }

    /** The drill-down and the breakdown of the issue, each against its raw SQL over the JSON. */
    private void assertReportsEqualRawSql(String when) {
        Report drillDown = report(new ReportRequest(
                List.of("events"),
                List.of("page"),
                List.of(new ReportRequest.FilterRequest("properties.duration_ms", FilterOp.GT, List.of("10000"))),
                from,
                to,
                null,
                null,
                null,
                100));
        assertThat(rows(drillDown))
                .as("drill-down %s", when)
                .isEqualTo(raw("SELECT page, count(*) FROM events "
                        + "WHERE project_id = $1 AND ts >= $2 AND ts < $3 AND jsonb_typeof(properties -> 'duration_ms') = "
                        + "'number' AND (properties ->> 'duration_ms')::numeric > 10000 GROUP BY 1"));
        Report breakdown = report(new ReportRequest(
                List.of("events"), List.of("properties.experiment"), List.of(), from, to, null, null, null, 100));
        assertThat(rows(breakdown))
                .as("breakdown %s", when)
                .isEqualTo(raw("SELECT properties ->> 'experiment', "
                        + "count(*) FROM events WHERE project_id = $1 AND ts >= $2 AND ts < $3 GROUP BY 1"));
        Report text = report(new ReportRequest(
                List.of("events"),
                List.of("type"),
                List.of(new ReportRequest.FilterRequest("properties.experiment", FilterOp.IN, List.of("b", "10"))),
                from,
                to,
                null,
                null,
                null,
                100));
        assertThat(rows(text))
                .as("text filter %s", when)
                .isEqualTo(raw("SELECT type, count(*) FROM events "
                        + "WHERE project_id = $1 AND ts >= $2 AND ts < $3 AND properties ->> 'experiment' IN ('b', '10') "
                        + "GROUP BY 1"));
    }

    private Report report(ReportRequest request) {
        ReportQuery query = RESOLVER.resolve(project, request, Catalog.builtIn());
        return Objects.requireNonNull(storage.report(query).block(Duration.ofSeconds(30)));
    }

    private static Map<List<@Nullable String>, Long> rows(Report report) {
        Map<List<@Nullable String>, Long> rows = new HashMap<>();
        for (ReportRow row : report.rows()) {
            rows.put(
                    row.dimensions(),
                    Math.round(Objects.requireNonNull(row.values().getFirst())));
        }
        return rows;
    }

    private Map<List<@Nullable String>, Long> raw(String sql) {
        SqlStatement statement = new SqlStatement(
                sql,
                List.of(
                        project.value(),
                        from.atOffset(java.time.ZoneOffset.UTC),
                        to.atOffset(java.time.ZoneOffset.UTC)));
        Map<List<@Nullable String>, Long> rows = new HashMap<>();
        server.database()
                .query(statement, row -> {
                    List<@Nullable String> key = new ArrayList<>();
                    key.add(row.get(0, String.class));
                    return Map.entry(key, Objects.requireNonNull(row.get(1, Long.class)));
                })
                .toStream()
                .forEach(entry -> rows.put(entry.getKey(), entry.getValue()));
        return rows;
    }

    private Map<String, Long> rawRow(String sql, List<Object> bindings) {
        return Objects.requireNonNull(server.database()
                .query(new SqlStatement(sql, bindings), row -> {
                    Map<String, Long> values = new LinkedHashMap<>();
                    values.put("events", row.get(0, Long.class));
                    values.put("ids", row.get(1, Long.class));
                    return values;
                })
                .blockFirst());
    }

    /** Events whose column is not what the backfill's and the trigger's SQL make of the JSON. */
    private long differing(Dimension.Property property) {
        String column = column(property);
        String value = property == DURATION
                ? "CASE WHEN jsonb_typeof(properties -> $2::text) = 'number' THEN (properties ->> $2::text)::numeric END"
                : "properties ->> $2::text";
        return Objects.requireNonNull(server.database()
                .query(
                        new SqlStatement(
                                "SELECT count(*) FROM events " + "WHERE project_id = $1 AND " + column
                                        + " IS DISTINCT FROM (" + value + ")",
                                List.of(project.value(), property.key())),
                        row -> row.get(0, Long.class))
                .blockFirst());
    }

    private String column(Dimension.Property property) {
        return PromotedColumns.name(Objects.requireNonNull(server.database()
                .query(
                        new SqlStatement(
                                "SELECT id FROM promoted_properties WHERE project_id = $1 AND key = $2",
                                List.of(project.value(), property.key())),
                        row -> row.get(0, Integer.class))
                .blockFirst()));
    }

    private boolean indexValid(String column) {
        return Boolean.TRUE.equals(server.database()
                .query(
                        new SqlStatement(
                                "SELECT i.indisvalid FROM pg_index i "
                                        + "JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = $1",
                                List.of("events_" + column)),
                        row -> row.get(0, Boolean.class))
                .blockFirst());
    }

    private boolean columnExists(String column) {
        return Boolean.TRUE.equals(server.database()
                .query(
                        new SqlStatement(
                                "SELECT EXISTS (SELECT 1 FROM "
                                        + "pg_attribute WHERE attrelid = 'events'::regclass AND attname = $1 AND NOT attisdropped)",
                                List.of(column)),
                        row -> row.get(0, Boolean.class))
                .blockFirst());
    }

    /** The SQL of the drill-down and the breakdown together, as the engine would compile them now. */
    private String compiledSql() {
        PromotedColumns columns =
                Objects.requireNonNull(promotions.columns(project).block());
        ReportQuery query = RESOLVER.resolve(
                project,
                new ReportRequest(
                        List.of("events"),
                        List.of("properties.experiment"),
                        List.of(new ReportRequest.FilterRequest(
                                "properties.duration_ms", FilterOp.GT, List.of("10000"))),
                        from,
                        to,
                        null,
                        null,
                        null,
                        100),
                Catalog.builtIn());
        CompiledReport compiled = PostgresReportCompiler.compile(query, RowSource.EVENTS, columns);
        return compiled.rows().sql()
                + (compiled.totals() == null ? "" : compiled.totals().sql());
    }

    private void promote(Dimension.Property property, PropertyType type) {
        promotions
                .promote(project, property, type)
                .as(StepVerifier::create)
                .assertNext(promoted -> assertThat(promoted.state()).isEqualTo(PromotedProperty.State.BACKFILLING))
                .verifyComplete();
    }

    private List<PromotedProperty> listed() {
        return Objects.requireNonNull(promotions.list(project).block());
    }

    private void write(List<Event> events) {
        storage.write(project, events)
                .as(StepVerifier::create)
                .assertNext(result -> assertThat(result.inserted()).isEqualTo(events.size()))
                .verifyComplete();
    }

    /**
     * Events over the month: durations mostly numbers around the 10,000 ms threshold, sometimes text or missing;
     * experiments mostly text, sometimes a number, JSON null or missing.
     */
    private List<Event> events(int count) {
        return events(count, from, to);
    }

    private List<Event> events(int count, Instant start, Instant end) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, @Nullable Object> properties = new LinkedHashMap<>();
            switch (random.nextInt(10)) {
                case 0 -> properties.put("duration_ms", "12000");
                case 1 -> {}
                case 2 -> properties.put("duration_ms", 10_000);
                case 3 -> properties.put("duration_ms", 10_000.5);
                default -> properties.put("duration_ms", random.nextInt(20_000));
            }
            switch (random.nextInt(8)) {
                case 0 -> properties.put("experiment", null);
                case 1 -> {}
                case 2 -> properties.put("experiment", 10);
                default ->
                    properties.put("experiment", List.of("a", "b", "c", "it's").get(random.nextInt(4)));
            }
            Instant ts = start.plusMillis(
                    (long) (random.nextDouble() * Duration.between(start, end).toMillis()));
            events.add(Event.builder(UUID.randomUUID(), random.nextBoolean() ? "page_view" : "click", ts)
                    .userId("u" + random.nextInt(50))
                    .page("/p" + random.nextInt(6))
                    .properties(properties)
                    .build());
        }
        return events;
    }
}
