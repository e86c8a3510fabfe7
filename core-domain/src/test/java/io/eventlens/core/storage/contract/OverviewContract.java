package io.eventlens.core.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.query.Overview;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The headline numbers over an optional range, and the events of the hour before "now" whatever the range. */
public interface OverviewContract extends StorageContract {

    @Test
    default void overviewOfTheWholeProjectWhenUnbounded() {
        Overview expected = fixture().assertOverview(null, null, ContractDataset.NOW);
        assertThat(expected.events()).isEqualTo(fixture().dataset().events().size());
    }

    @Test
    default void overviewOfAHalfOpenRange() {
        fixture().assertOverview(ContractDataset.SPRING_FROM, ContractDataset.SPRING_TO, ContractDataset.NOW);
        Overview edges = fixture().assertOverview(ContractDataset.EDGE_FROM, ContractDataset.EDGE_TO,
                ContractDataset.NOW);
        assertThat(edges.events()).isPositive();
    }

    @Test
    default void overviewBoundedOnOneSideOnly() {
        fixture().assertOverview(ContractDataset.FALL_FROM, null, ContractDataset.NOW);
        fixture().assertOverview(null, ContractDataset.EDGE_TO, ContractDataset.NOW);
    }

    @Test
    default void countsEventsOfTheLastHourBeforeNow() {
        Overview expected = fixture().assertOverview(ContractDataset.SPRING_FROM, ContractDataset.SPRING_TO,
                ContractDataset.NOW);
        Instant hourBefore = ContractDataset.NOW.minus(Duration.ofHours(1));
        long placed = fixture().dataset().events().stream()
                .filter(e -> e.timestamp().compareTo(hourBefore) >= 0 && e.timestamp().isBefore(ContractDataset.NOW))
                .count();
        assertThat(placed).as("the dataset places events on both bounds of the hour").isGreaterThanOrEqualTo(4);
        assertThat(expected.eventsLastHour()).isEqualTo(placed);
    }

    @Test
    default void countsNoEventsOfTheLastHourBeforeAQuietNow() {
        Overview expected = fixture().assertOverview(null, null, ContractDataset.EMPTY_TO);
        assertThat(expected.eventsLastHour()).isZero();
    }

    @Test
    default void overviewOfAnEmptyRangeIsZero() {
        Overview expected = fixture().assertOverview(ContractDataset.EMPTY_FROM, ContractDataset.EMPTY_TO,
                ContractDataset.NOW);
        assertThat(expected).isEqualTo(new Overview(0, 0, 0, 0.0, expected.eventsLastHour()));
    }
}
