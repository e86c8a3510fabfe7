package io.eventlens.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.catalog.Metric;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.query.Filter;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.SortKey;
import io.eventlens.core.query.TimeRange;
import io.eventlens.core.rollup.ReportPlan;
import io.eventlens.core.rollup.ReportPlanner;
import io.eventlens.core.seed.EventGenerator;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SQL over rollups reads an index range of the rows it needs, never a whole rollup table nor all of a project's
 * rows: each dashboard question's statement is run (EXPLAIN ANALYZE) as the rollup-read pool runs it, prepared with a
 * generic plan, with sequential scans priced out of reach; every read of a rollup table must be an index scan
 * narrowed to one rollup and a bucket range that keeps every row it reads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollupReadPlanTests {

    private static final List<String> ROLLUP_TABLES = List.of("rollup_rows", "rollup_members", "rollup_sketches");

    private final PostgresTestServer server = PostgresTestServer.shared();
    private final ProjectId project = PostgresTestServer.newProject();
    private final Instant now = Instant.now();

    @BeforeAll
    void loadAMonth() {
        new EventGenerator(3, now, Duration.ofDays(30), 300)
                .batches(3_000, 1_000)
                .forEachRemaining(
                        batch -> server.storage().write(project, batch).block());
        server.storage().rollups().refresh(project).block();
    }

    @Test
    void distinctUsersByTypeOverAWeekReadIndexRanges() {
        assertIndexRangesOnly(query(
                List.of(BuiltInMetric.EVENTS, BuiltInMetric.UNIQUE_USERS),
                List.of(new Dimension.Column(EventColumn.TYPE)),
                List.of(),
                Duration.ofDays(7),
                null));
    }

    @Test
    void eventsPerHourOverADayReadIndexRanges() {
        assertIndexRangesOnly(
                query(List.of(BuiltInMetric.EVENTS), List.of(), List.of(), Duration.ofHours(24), Granularity.HOUR));
    }

    @Test
    void revenueByCountryForPurchasesOverAMonthReadIndexRanges() {
        assertIndexRangesOnly(query(
                List.of(BuiltInMetric.REVENUE),
                List.of(new Dimension.Column(EventColumn.COUNTRY)),
                List.of(new Filter(new Dimension.Column(EventColumn.TYPE), FilterOp.EQ, List.of("purchase"))),
                Duration.ofDays(30),
                null));
    }

    @Test
    void aWeekReadsLessThanAMinuteOfRawEventsBeforeItsFirstRollupRow() {
        ReportQuery week = query(
                List.of(BuiltInMetric.EVENTS, BuiltInMetric.UNIQUE_USERS),
                List.of(new Dimension.Column(EventColumn.TYPE)),
                List.of(),
                Duration.ofDays(7),
                null);
        ReportPlan plan = plan(week, view());
        TimeRange firstRaw = plan.rawRanges().getFirst();
        assertThat(firstRaw.from()).isEqualTo(week.range().from());
        assertThat(Duration.between(firstRaw.from(), firstRaw.to()))
                .as("the raw head of %s", plan)
                .isLessThan(Duration.ofMinutes(1));
    }

    private RollupCatalog.PlanningView view() {
        return Objects.requireNonNull(
                new RollupCatalog(server.database()).planning(project).block());
    }

    private static ReportPlan plan(ReportQuery query, RollupCatalog.PlanningView view) {
        return ReportPlanner.plan(
                query,
                view.covered().stream()
                        .map(RollupCatalog.StoredRollup::coverage)
                        .filter(Objects::nonNull)
                        .toList());
    }

    private void assertIndexRangesOnly(ReportQuery query) {
        RollupCatalog.PlanningView view = view();
        ReportPlan plan = plan(query, view);
        assertThat(plan.segments()).as("the question is answered from rollups").isNotEmpty();
        Map<io.eventlens.core.rollup.Rollup, Integer> ids = new HashMap<>();
        view.covered().forEach(stored -> ids.put(stored.rollup(), stored.id()));
        CompiledReport compiled = PostgresReportCompiler.compile(query, new RowSource(plan, ids, view.generation()));

        List<String> scanned = new ArrayList<>();
        for (SqlStatement statement : compiled.totals() == null
                ? List.of(compiled.rows())
                : List.of(compiled.rows(), Objects.requireNonNull(compiled.totals()))) {
            JsonNode explained = explain(MemberSetCache.bindNothingKnown(statement));
            collect(explained.get(0).path("Plan"), scanned);
        }
        assertThat(scanned).as("rollup reads beyond the rows the report needs").isEmpty();
    }

    /** The statement's generic plan, run: prepared with its values as literals (test data only), then executed. */
    private JsonNode explain(SqlStatement statement) {
        StringJoiner values = new StringJoiner(", ", "(", ")");
        statement.bindings().forEach(value -> values.add("'" + literal(value).replace("'", "''") + "'"));
        String plan = server.database()
                .inTransaction(connection -> PostgresDatabase.query(
                                connection, new SqlStatement("SET LOCAL enable_seqscan = off", List.of()), row -> 1)
                        .thenMany(PostgresDatabase.query(
                                connection,
                                new SqlStatement("SET LOCAL plan_cache_mode = force_generic_plan", List.of()),
                                row -> 1))
                        // PREPARE's text goes as a value: the driver would take its $n for parameters of its own.
                        .thenMany(PostgresDatabase.query(
                                connection,
                                new SqlStatement(
                                        "CREATE OR REPLACE FUNCTION pg_temp.run_sql(statement text) RETURNS void "
                                                + "LANGUAGE plpgsql AS 'BEGIN EXECUTE statement; END'",
                                        List.of()),
                                row -> 1))
                        .thenMany(PostgresDatabase.query(
                                connection,
                                new SqlStatement(
                                        "SELECT pg_temp.run_sql($1)",
                                        List.of("PREPARE rollup_read AS " + statement.sql())),
                                row -> 1))
                        .then(PostgresDatabase.query(
                                        connection,
                                        new SqlStatement(
                                                "EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE rollup_read" + values,
                                                List.of()),
                                        row -> Objects.requireNonNull(row.get(0, String.class)))
                                .single())
                        .flatMap(explained -> PostgresDatabase.query(
                                        connection, new SqlStatement("DEALLOCATE rollup_read", List.of()), row -> 1)
                                .then(Mono.just(explained))))
                .block();
        return JsonMapper.builder().build().readTree(plan);
    }

    /** A value as PostgreSQL reads it from text; arrays as {@code {"a","b"}}. */
    private static String literal(Object value) {
        if (value instanceof Object[] array) {
            StringJoiner elements = new StringJoiner(",", "{", "}");
            for (Object element : array) {
                elements.add("\"" + element + "\"");
            }
            return elements.toString();
        }
        return value.toString();
    }

    /**
     * Every read of a rollup table, whole-table scans and index scans that do not narrow to the rollup and a bucket
     * range (those read every row of the project).
     */
    private static void collect(JsonNode node, List<String> scanned) {
        String type = node.path("Node Type").asString();
        String relation = node.path("Relation Name").asString();
        String index = node.path("Index Name").asString();
        if (type.equals("Seq Scan") && ROLLUP_TABLES.contains(relation)) {
            scanned.add(relation + " scanned whole");
        }
        if (!index.isEmpty() && ROLLUP_TABLES.stream().anyMatch(index::startsWith)) {
            String condition = node.path("Index Cond").asString();
            if (!condition.contains("rollup_id =") || !condition.contains("bucket >=")) {
                scanned.add(index + " not narrowed to a rollup's bucket range: " + condition);
            }
            if (node.path("Rows Removed by Filter").asDouble() > 0) {
                scanned.add(index + " read "
                        + node.path("Rows Removed by Filter").asDouble() + " rows outside its ranges: " + condition
                        + " filtered by " + node.path("Filter").asString());
            }
        }
        node.path("Plans").forEach(child -> collect(child, scanned));
    }

    private ReportQuery query(
            List<Metric> metrics,
            List<Dimension> dimensions,
            List<Filter> filters,
            Duration span,
            @Nullable Granularity granularity) {
        return new ReportQuery(
                project,
                metrics,
                dimensions,
                filters,
                new TimeRange(now.minus(span), now),
                granularity,
                ZoneOffset.UTC,
                List.of(new SortKey.ByMetric(0, true)),
                10);
    }
}
