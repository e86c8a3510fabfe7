package io.eventlens.core.storage.contract;

import static io.eventlens.core.storage.contract.ReportRequestBuilder.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.Report;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** Reports count events in the half-open range {@code [from, to)}; empty ranges still answer. */
public interface RangeContract extends StorageContract {

    @Test
    default void countsAnEventAtFromButNotAnEventAtTo() {
        fixture()
                .assertReport(report("events", "uniqueUsers", "revenue")
                        .between(ContractDataset.EDGE_FROM, ContractDataset.EDGE_TO));

        Instant from = ContractDataset.EDGE_FROM;
        Report atFrom = fixture().assertReport(report("events").between(from, from.plus(1, ChronoUnit.MICROS)));
        assertThat(atFrom.totals()).containsExactly((double) countAt(from));

        Instant to = ContractDataset.EDGE_TO;
        Report beforeTo = fixture().assertReport(report("events").between(to.minus(1, ChronoUnit.MICROS), to));
        assertThat(beforeTo.totals()).containsExactly((double) countAt(to.minus(1, ChronoUnit.MICROS)));
    }

    @Test
    default void keepsMicrosecondsOfTimestamps() {
        Instant justAfter = ContractDataset.EDGE_FROM.plus(1, ChronoUnit.MICROS);
        Report expected =
                fixture().assertReport(report("events").between(justAfter, justAfter.plus(1, ChronoUnit.MICROS)));
        assertThat(expected.totals()).containsExactly((double) countAt(justAfter));
    }

    @Test
    default void anEmptyRangeWithoutDimensionsIsOneZeroRow() {
        Report expected = fixture()
                .assertReport(
                        report("events", "revenue").between(ContractDataset.EMPTY_FROM, ContractDataset.EMPTY_TO));
        assertThat(expected.rows())
                .singleElement()
                .satisfies(row -> assertThat(row.values()).containsExactly(0.0, 0.0));
    }

    @Test
    default void anEmptyRangeWithDimensionsHasNoRows() {
        Report expected = fixture()
                .assertReport(report("events", "revenue")
                        .by("country")
                        .between(ContractDataset.EMPTY_FROM, ContractDataset.EMPTY_TO));
        assertThat(expected.rows()).isEmpty();
        assertThat(expected.totals()).containsExactly(0.0, 0.0);
    }

    @Test
    default void anEmptyRangeWithGranularityIsZeroFilled() {
        Report expected = fixture()
                .assertReport(report("events", "uniqueUsers")
                        .every(Granularity.DAY)
                        .between(ContractDataset.EMPTY_FROM, ContractDataset.EMPTY_TO));
        assertThat(expected.rows())
                .hasSize(7)
                .allSatisfy(row -> assertThat(row.values()).containsExactly(0.0, 0.0));
    }

    @Test
    default void anEmptyRangeWithDimensionsAndGranularityHasNoRows() {
        Report expected = fixture()
                .assertReport(report("events")
                        .by("device")
                        .every(Granularity.DAY)
                        .between(ContractDataset.EMPTY_FROM, ContractDataset.EMPTY_TO));
        assertThat(expected.rows()).isEmpty();
    }

    private long countAt(Instant instant) {
        return fixture().dataset().events().stream()
                .filter(e -> e.timestamp().equals(instant))
                .count();
    }
}
