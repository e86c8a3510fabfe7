package io.eventlens.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.Event;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.query.Filter;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.ReportRow;
import io.eventlens.core.query.SortKey;
import io.eventlens.core.query.TimeRange;
import io.eventlens.core.seed.EventGenerator;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Breakdowns with distinct counts answered from rollups' member sets equal plain SQL over the raw events, ties and all.
 * Ranked by a distinct count ("top countries by unique users"), the database returns every group and the engine
 * counts, orders and limits them. Ranked otherwise, the totals come from the groups ({@link TotalsFromGroups}): the
 * union of the groups' sets, or a count over the rows when the limit cut groups off.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RankedDistinctTests {

    private final PostgresTestServer server = PostgresTestServer.shared();
    private final ProjectId project = PostgresTestServer.newProject();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeAll
    void loadTwoWeeks() {
        new EventGenerator(11, now, Duration.ofDays(14), 400)
                .batches(4_000, 1_000)
                .forEachRemaining(
                        batch -> server.storage().write(project, batch).block());
        server.storage().rollups().refresh(project).block();
    }

    @Test
    void topCountriesByUniqueUsersComeFromRollupsAndEqualRawSql() {
        ReportQuery query = new ReportQuery(
                project,
                List.of(BuiltInMetric.UNIQUE_USERS, BuiltInMetric.EVENTS),
                List.of(new Dimension.Column(EventColumn.COUNTRY)),
                List.of(),
                range(9),
                null,
                ZoneOffset.UTC,
                List.of(new SortKey.ByMetric(0, true)),
                4);
        Report report = answer(query);
        assertThat(rows(report))
                .isEqualTo(rawSql(
                        "SELECT country, count(DISTINCT user_id), count(*) FROM events"
                                + " WHERE project_id = $1 AND ts >= $2 AND ts < $3 GROUP BY 1"
                                + " ORDER BY 2 DESC, country COLLATE \"C\" ASC NULLS LAST LIMIT 4",
                        query,
                        1,
                        2));
        assertThat(List.of(report.totals().get(0)))
                .as("the totals' distinct users")
                .isEqualTo(rawSql(
                                "SELECT count(DISTINCT user_id) FROM events WHERE project_id = $1 AND ts >= $2 AND ts < $3",
                                query,
                                0,
                                1)
                        .getFirst()
                        .stream()
                        .map(v -> v == null ? null : ((Long) v).doubleValue())
                        .toList());
    }

    @Test
    void devicesAndCountriesOfPageViewsBySessionsAscendingEqualRawSql() {
        ReportQuery query = new ReportQuery(
                project,
                List.of(BuiltInMetric.EVENTS, BuiltInMetric.SESSIONS),
                List.of(new Dimension.Column(EventColumn.DEVICE), new Dimension.Column(EventColumn.COUNTRY)),
                List.of(new Filter(new Dimension.Column(EventColumn.TYPE), FilterOp.EQ, List.of("page_view"))),
                range(10),
                null,
                ZoneOffset.UTC,
                List.of(new SortKey.ByMetric(1, false)),
                7);
        assertThat(rows(answer(query)))
                .isEqualTo(rawSql(
                        "SELECT device, country, count(*), count(DISTINCT session_id)"
                                + " FROM events WHERE project_id = $1 AND ts >= $2 AND ts < $3 AND type = 'page_view' GROUP BY 1, 2"
                                + " ORDER BY 4 ASC, device COLLATE \"C\" ASC NULLS LAST, country COLLATE \"C\" ASC NULLS LAST LIMIT 7",
                        query,
                        2,
                        2));
    }

    @Test
    void totalsOfGroupsCutOffByTheLimitStillCountEveryUserAndSession() {
        // The two rarest types: their users and sessions are far from all of them (page views have nearly everyone).
        assertTotalsAndRowsEqualRawSql(2, false);
    }

    @Test
    void totalsOfEveryGroupAreTheUnionOfTheirMembers() {
        assertTotalsAndRowsEqualRawSql(100, true);
    }

    /**
     * {@link MemberSetCache}: asked again, the same report is sent no set whole (each named by id) and stays exact,
     * also after late events added rows to the cells it holds sets of and compaction replaced those rows.
     */
    @Test
    void theSameReportAskedAgainNamesTheSetsTheEngineHoldsAndStaysExact() {
        MemberSetCache cache = server.storage().memberSets();
        assertTotalsAndRowsEqualRawSql(100, true);
        long sent = cache.setsSentWhole();
        long named = cache.setsNamedById();
        assertTotalsAndRowsEqualRawSql(100, true);
        assertThat(cache.setsSentWhole()).as("sets sent whole the second time").isEqualTo(sent);
        assertThat(cache.setsNamedById()).as("sets named by id the second time").isGreaterThan(named);

        List<Event> late = new ArrayList<>();
        new EventGenerator(12, now.minus(Duration.ofDays(3)), Duration.ofDays(4), 50)
                .batches(500, 500)
                .forEachRemaining(late::addAll);
        server.storage().write(project, late).block();
        server.storage().rollups().refresh(project).block();
        assertTotalsAndRowsEqualRawSql(100, true);
        server.storage().rollups().compaction().compact(project, 10_000).block();
        assertTotalsAndRowsEqualRawSql(100, true);
        assertTotalsAndRowsEqualRawSql(100, true);
    }

    @Test
    void aRangeWithoutEventsHasZeroTotals() {
        ReportQuery query =
                byType(new TimeRange(now.minus(Duration.ofDays(40)), now.minus(Duration.ofDays(30))), 5, true);
        Report report = Objects.requireNonNull(server.storage().report(query).block());
        assertThat(report.rows()).isEmpty();
        assertThat(report.totals()).containsExactly(0.0, 0.0, 0.0);
    }

    private void assertTotalsAndRowsEqualRawSql(int limit, boolean descending) {
        ReportQuery query = byType(range(8), limit, descending);
        Report report = answer(query);
        assertThat(rows(report))
                .isEqualTo(rawSql(
                        "SELECT type, count(*), count(DISTINCT user_id), count(DISTINCT session_id) FROM events"
                                + " WHERE project_id = $1 AND ts >= $2 AND ts < $3 GROUP BY 1"
                                + " ORDER BY 2 " + (descending ? "DESC" : "ASC") + ", type COLLATE \"C\" ASC NULLS LAST"
                                + " LIMIT " + limit,
                        query,
                        1,
                        3));
        assertThat(report.totals().stream()
                        .map(v -> v == null ? null : v.longValue())
                        .toList())
                .as("totals over every group, shown or not")
                .isEqualTo(rawSql(
                                "SELECT count(*), count(DISTINCT user_id), count(DISTINCT session_id) FROM events"
                                        + " WHERE project_id = $1 AND ts >= $2 AND ts < $3",
                                query,
                                0,
                                3)
                        .getFirst());
    }

    private ReportQuery byType(TimeRange range, int limit, boolean descending) {
        return new ReportQuery(
                project,
                List.of(BuiltInMetric.EVENTS, BuiltInMetric.UNIQUE_USERS, BuiltInMetric.SESSIONS),
                List.of(new Dimension.Column(EventColumn.TYPE)),
                List.of(),
                range,
                null,
                ZoneOffset.UTC,
                List.of(new SortKey.ByMetric(0, descending)),
                limit);
    }

    private Report answer(ReportQuery query) {
        Report report = Objects.requireNonNull(server.storage().report(query).block());
        assertThat(report.meta().source()).as("answered from rollups").contains("rollup:");
        return report;
    }

    /** The report's rows as dimension values, then metric values as longs: the layout of {@link #rawSql}. */
    private static List<List<@Nullable Object>> rows(Report report) {
        List<List<@Nullable Object>> rows = new ArrayList<>();
        for (ReportRow row : report.rows()) {
            List<@Nullable Object> values = new ArrayList<>(row.dimensions());
            row.values().forEach(v -> values.add(v == null ? null : v.longValue()));
            rows.add(values);
        }
        return rows;
    }

    /** Rows of plain SQL over the query's range: {@code dimensions} text columns, then {@code metrics} counts. */
    private List<List<@Nullable Object>> rawSql(String sql, ReportQuery query, int dimensions, int metrics) {
        return Objects.requireNonNull(server.database()
                .query(
                        new SqlStatement(
                                sql,
                                List.of(
                                        project.value(),
                                        query.range().from().atOffset(ZoneOffset.UTC),
                                        query.range().to().atOffset(ZoneOffset.UTC))),
                        row -> {
                            List<@Nullable Object> values = new ArrayList<>();
                            for (int i = 0; i < dimensions; i++) {
                                values.add(row.get(i, String.class));
                            }
                            for (int i = 0; i < metrics; i++) {
                                values.add(row.get(dimensions + i, Long.class));
                            }
                            return values;
                        })
                .collectList()
                .block());
    }

    private TimeRange range(int days) {
        return new TimeRange(now.minus(Duration.ofDays(days)), now);
    }
}
