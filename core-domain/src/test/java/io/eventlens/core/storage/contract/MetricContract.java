package io.eventlens.core.storage.contract;

import static io.eventlens.core.storage.contract.ReportRequestBuilder.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.Event;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.SortKey;
import io.eventlens.core.query.TimeRange;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

/** Each built-in metric, alone and together; all are 0, never null, over no events. */
public interface MetricContract extends StorageContract {

    @Test
    default void countsEveryEventInTheRange() {
        Report expected = fixture().assertReport(report("events"));
        assertThat(expected.rows().getFirst().values())
                .containsExactly((double) fixture().dataset().events().size());
    }

    @Test
    default void countsDistinctUsersIgnoringEventsWithoutOne() {
        Report expected = fixture().assertReport(report("uniqueUsers"));
        long users = fixture().dataset().events().stream()
                .map(Event::userId)
                .filter(Objects::nonNull)
                .distinct()
                .count();
        assertThat(expected.rows().getFirst().values()).containsExactly((double) users);
    }

    @Test
    default void countsDistinctSessionsIgnoringEventsWithoutOne() {
        Report expected = fixture().assertReport(report("sessions"));
        assertThat(expected.rows().getFirst().values().getFirst()).isGreaterThan(300.0);
    }

    @Test
    default void sumsRevenueOfEventsThatHaveIt() {
        Report expected = fixture().assertReport(report("revenue"));
        assertThat(expected.rows().getFirst().values().getFirst()).isPositive();
    }

    /**
     * Money adds up as decimals: a thousand amounts in whole cents, whose sum in doubles drifts in its last digits,
     * total exactly what their decimal sum is, by type too, from rollups and from raw events alike.
     */
    @Test
    default void revenueSumsAreExactDecimals() {
        ProjectId project = ContractFixture.freshProject();
        List<Event> events = new ArrayList<>();
        Map<String, BigDecimal> byType = new TreeMap<>();
        Instant from = ContractDataset.FALL_FROM;
        for (int i = 0; i < 1_000; i++) {
            String type = "buy" + (i % 3);
            BigDecimal amount = BigDecimal.valueOf(1 + (i * 7_919L) % 99_999, 2); // 0.01 to 999.99
            events.add(Event.builder(UUID.randomUUID(), type, from.plusSeconds(37L * i))
                    .revenue(amount.doubleValue())
                    .build());
            byType.merge(type, amount, BigDecimal::add);
        }
        fixture()
                .storage()
                .write(project, events)
                .as(StepVerifier::create)
                .expectNextCount(1)
                .verifyComplete();
        fixture().storage().rollups().refresh(project).as(StepVerifier::create).verifyComplete();
        double drifting = 0; // added one by one, as a database sums doubles (streams' sum() compensates)
        for (Event event : events) {
            drifting += Objects.requireNonNull(event.revenue());
        }
        BigDecimal total = byType.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(drifting)
                .as("the doubles' own sum drifts, or the test proves nothing")
                .isNotEqualTo(total.doubleValue());

        for (ReportQuery.Sources sources : List.of(ReportQuery.Sources.ANY, ReportQuery.Sources.EVENTS_ONLY)) {
            ReportQuery byTypeQuery = new ReportQuery(
                            project,
                            List.of(BuiltInMetric.REVENUE),
                            List.of(new Dimension.Column(EventColumn.TYPE)),
                            List.of(),
                            new TimeRange(from, from.plus(Duration.ofDays(1))),
                            null,
                            ZoneOffset.UTC,
                            List.of(new SortKey.ByDimension(0, false)),
                            10)
                    .withSources(sources);
            fixture()
                    .storage()
                    .report(byTypeQuery)
                    .as(StepVerifier::create)
                    .assertNext(report -> {
                        assertThat(report.totals()).as("%s", sources).containsExactly(total.doubleValue());
                        assertThat(report.rows())
                                .extracting(row -> row.values().getFirst())
                                .as("%s", sources)
                                .containsExactlyElementsOf(byType.values().stream()
                                        .map(BigDecimal::doubleValue)
                                        .toList());
                    })
                    .verifyComplete();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"events", "uniqueUsers", "sessions", "revenue"})
    default void answersEachMetricAloneOverARange(String metric) {
        fixture().assertReport(report(metric).between(ContractDataset.FALL_FROM, ContractDataset.NOW));
    }

    @Test
    default void answersAllMetricsTogetherInTheRequestedOrder() {
        fixture().assertReport(report("revenue", "events", "sessions", "uniqueUsers"));
        fixture()
                .assertReport(
                        report("uniqueUsers", "revenue", "events", "sessions").by("country"));
    }

    @Test
    default void metricsAreZeroOverARangeWithoutEvents() {
        Report expected = fixture()
                .assertReport(report("events", "uniqueUsers", "sessions", "revenue")
                        .between(ContractDataset.EMPTY_FROM, ContractDataset.EMPTY_TO));
        assertThat(expected.rows())
                .singleElement()
                .satisfies(row -> assertThat(row.values()).containsExactly(0.0, 0.0, 0.0, 0.0));
    }

    @Test
    default void metricsAreZeroWhenNoEventPassesTheFilters() {
        Report expected = fixture()
                .assertReport(
                        report("events", "uniqueUsers", "sessions", "revenue").where("country", FilterOp.EQ, "ZZ"));
        assertThat(expected.totals()).containsExactly(0.0, 0.0, 0.0, 0.0);
    }

    @Test
    default void revenueIsZeroForGroupsWithoutRevenue() {
        Report expected =
                fixture().assertReport(report("revenue", "events").by("userId").limit(1000));
        assertThat(expected.rows())
                .anySatisfy(row -> assertThat(row.values().getFirst()).isZero());
    }
}
