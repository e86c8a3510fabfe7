package io.eventlens.core.storage.contract;

import static io.eventlens.core.storage.contract.ReportRequestBuilder.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.eventlens.core.event.Event;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportRequest.Direction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * bounceRate, avgSessionDuration and pagesPerSession: a session is the events of one report row (after range and
 * filters) sharing a non-null session id; the metrics are null where a row has no session.
 */
public interface SessionMetricContract extends StorageContract {

    String[] SESSION_METRICS = {"bounceRate", "avgSessionDuration", "pagesPerSession"};

    @ParameterizedTest
    @ValueSource(strings = {"bounceRate", "avgSessionDuration", "pagesPerSession"})
    default void answersEachSessionMetricAloneAndPerGroup(String metric) {
        Report whole = fixture().assertReport(report(metric));
        assertThat(whole.rows().getFirst().values().getFirst()).isNotNull().isPositive();
        fixture().assertReport(report(metric).by("country"));
        fixture().assertReport(report(metric).between(ContractDataset.FALL_FROM, ContractDataset.NOW));
    }

    @Test
    default void measuresOneSessionExactly() {
        // The longest session with several events, checked against a computation written out here.
        Map<String, List<Event>> sessions =
                SessionOracle.sessions(fixture().dataset().events());
        List<Event> session = sessions.values().stream()
                .filter(s -> s.size() > 2)
                .max(Comparator.comparing((List<Event> s) -> SessionOracle.seconds(s)))
                .orElseThrow();
        String id = Objects.requireNonNull(session.getFirst().sessionId());
        long pages = session.stream().filter(e -> e.type().equals("page_view")).count();
        double seconds = (session.stream()
                                .mapToLong(e -> e.timestamp().toEpochMilli() * 1000
                                        + e.timestamp().getNano() / 1000 % 1000)
                                .max()
                                .orElseThrow()
                        - session.stream()
                                .mapToLong(e -> e.timestamp().toEpochMilli() * 1000
                                        + e.timestamp().getNano() / 1000 % 1000)
                                .min()
                                .orElseThrow())
                / 1e6;

        Report report = fixture().assertReport(report(SESSION_METRICS).where("sessionId", FilterOp.EQ, id));
        List<Double> values = report.rows().getFirst().values();
        assertThat(values.get(0)).isEqualTo(pages == 1 ? 1.0 : 0.0);
        assertThat(values.get(1)).isCloseTo(seconds, within(1e-6));
        assertThat(values.get(2)).isEqualTo((double) pages);
    }

    @Test
    default void aSessionSpanningGroupsCountsInEachGroupWithItsOwnEvents() {
        // Grouped by type, a session's page_view events form the page_view row's session on their own.
        Report byType = fixture()
                .assertReport(
                        report("sessions", "pagesPerSession", "bounceRate").by("type"));
        assertThat(byType.rows()).anySatisfy(row -> {
            assertThat(row.dimensions()).containsExactly("click");
            assertThat(row.values().get(1)).isZero();
            assertThat(row.values().get(2)).isZero();
        });
        fixture().assertReport(report(SESSION_METRICS).by("type", "device").limit(1000));
    }

    @Test
    default void filtersApplyBeforeSessionsAreFormed() {
        fixture().assertReport(report(SESSION_METRICS).where("type", FilterOp.EQ, "page_view"));
        Report withoutPages = fixture().assertReport(report(SESSION_METRICS).where("type", FilterOp.NEQ, "page_view"));
        assertThat(withoutPages.totals())
                .containsExactly(0.0, withoutPages.totals().get(1), 0.0);
        fixture()
                .assertReport(report("events", "bounceRate")
                        .where("country", FilterOp.IN, "DE", "US")
                        .by("browser"));
    }

    @Test
    default void areNullWithoutSessions() {
        Report empty = fixture()
                .assertReport(report(SESSION_METRICS).between(ContractDataset.EMPTY_FROM, ContractDataset.EMPTY_TO));
        assertThat(empty.rows().getFirst().values()).containsExactly(null, null, null);
        assertThat(empty.totals()).containsExactly(null, null, null);
        Report noMatch = fixture().assertReport(report(SESSION_METRICS).where("country", FilterOp.EQ, "ZZ"));
        assertThat(noMatch.totals()).containsExactly(null, null, null);
        // Events without a session id form no session: their rows are null, not 0.
        Report bySession = fixture()
                .assertReport(
                        report("events", "avgSessionDuration").by("sessionId").limit(1000));
        assertThat(bySession.rows()).anySatisfy(row -> {
            assertThat(row.dimensions()).containsExactly((String) null);
            assertThat(row.values().get(1)).isNull();
        });
    }

    @Test
    default void zeroFilledBucketsAreNullAndBusyOnesPerBucket() {
        Report daily = fixture()
                .assertReport(report(SESSION_METRICS)
                        .every(Granularity.DAY)
                        .between(
                                ContractDataset.EDGE_FROM.minusSeconds(86_400 * 3),
                                ContractDataset.EDGE_TO.plusSeconds(86_400 * 3)));
        assertThat(daily.rows()).isNotEmpty();
        fixture()
                .assertReport(report("bounceRate", "events")
                        .by("country")
                        .every(Granularity.WEEK)
                        .between(ContractDataset.FALL_FROM, ContractDataset.NOW)
                        .limit(3));
        Report weekly = fixture().assertReport(report(SESSION_METRICS).every(Granularity.WEEK));
        assertThat(weekly.rows()).anySatisfy(row -> assertThat(row.values()).containsOnlyNulls());
    }

    @Test
    default void ordersBySessionMetricsWithUndefinedRowsLast() {
        List<String> metrics = new ArrayList<>(Arrays.asList(SESSION_METRICS));
        metrics.add("events");
        fixture()
                .assertReport(report(metrics.toArray(String[]::new))
                        .by("sessionId")
                        .orderBy("avgSessionDuration", Direction.DESC)
                        .limit(20));
        fixture()
                .assertReport(report("pagesPerSession")
                        .by("userId")
                        .orderBy("pagesPerSession", Direction.ASC)
                        .limit(15));
        fixture()
                .assertReport(report("avgSessionDuration", "events")
                        .by("os")
                        .every(Granularity.MONTH)
                        .orderBy("avgSessionDuration", Direction.DESC)
                        .limit(2));
    }
}
