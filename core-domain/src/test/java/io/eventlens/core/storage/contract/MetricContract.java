package io.eventlens.core.storage.contract;

import static io.eventlens.core.storage.contract.ReportRequestBuilder.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.event.Event;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.Report;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each built-in metric, alone and together; all are 0, never null, over no events. */
public interface MetricContract extends StorageContract {

    @Test
    default void countsEveryEventInTheRange() {
        Report expected = fixture().assertReport(report("events"));
        assertThat(expected.rows().getFirst().values()).containsExactly((double) fixture().dataset().events().size());
    }

    @Test
    default void countsDistinctUsersIgnoringEventsWithoutOne() {
        Report expected = fixture().assertReport(report("uniqueUsers"));
        long users = fixture().dataset().events().stream().map(Event::userId).filter(Objects::nonNull).distinct()
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

    @ParameterizedTest
    @ValueSource(strings = {"events", "uniqueUsers", "sessions", "revenue"})
    default void answersEachMetricAloneOverARange(String metric) {
        fixture().assertReport(report(metric).between(ContractDataset.FALL_FROM, ContractDataset.NOW));
    }

    @Test
    default void answersAllMetricsTogetherInTheRequestedOrder() {
        fixture().assertReport(report("revenue", "events", "sessions", "uniqueUsers"));
        fixture().assertReport(report("uniqueUsers", "revenue", "events", "sessions").by("country"));
    }

    @Test
    default void metricsAreZeroOverARangeWithoutEvents() {
        Report expected = fixture().assertReport(report("events", "uniqueUsers", "sessions", "revenue")
                .between(ContractDataset.EMPTY_FROM, ContractDataset.EMPTY_TO));
        assertThat(expected.rows()).singleElement()
                .satisfies(row -> assertThat(row.values()).containsExactly(0.0, 0.0, 0.0, 0.0));
    }

    @Test
    default void metricsAreZeroWhenNoEventPassesTheFilters() {
        Report expected = fixture().assertReport(report("events", "uniqueUsers", "sessions", "revenue")
                .where("country", FilterOp.EQ, "ZZ"));
        assertThat(expected.totals()).containsExactly(0.0, 0.0, 0.0, 0.0);
    }

    @Test
    default void revenueIsZeroForGroupsWithoutRevenue() {
        Report expected = fixture().assertReport(report("revenue", "events").by("userId").limit(1000));
        assertThat(expected.rows()).anySatisfy(row -> assertThat(row.values().getFirst()).isZero());
    }
}
