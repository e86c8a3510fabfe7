package io.eventlens.core.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.Overview;
import io.eventlens.core.query.OverviewQuery;
import io.eventlens.core.rollup.RollupAdmin;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * The headline numbers over an optional range, and the events of the hour before "now" whatever the range; with
 * approximation allowed, distinct counts keep the estimate bound and everything else stays exact.
 */
public interface OverviewContract extends StorageContract {

    @Test
    default void overviewOfTheWholeProjectWhenUnbounded() {
        Overview expected = fixture().assertOverview(null, null, ContractDataset.NOW);
        assertThat(expected.events()).isEqualTo(fixture().dataset().events().size());
    }

    @Test
    default void overviewOfAHalfOpenRange() {
        fixture().assertOverview(ContractDataset.SPRING_FROM, ContractDataset.SPRING_TO, ContractDataset.NOW);
        Overview edges =
                fixture().assertOverview(ContractDataset.EDGE_FROM, ContractDataset.EDGE_TO, ContractDataset.NOW);
        assertThat(edges.events()).isPositive();
    }

    @Test
    default void overviewBoundedOnOneSideOnly() {
        fixture().assertOverview(ContractDataset.FALL_FROM, null, ContractDataset.NOW);
        fixture().assertOverview(null, ContractDataset.EDGE_TO, ContractDataset.NOW);
    }

    @Test
    default void countsEventsOfTheLastHourBeforeNow() {
        Overview expected =
                fixture().assertOverview(ContractDataset.SPRING_FROM, ContractDataset.SPRING_TO, ContractDataset.NOW);
        Instant hourBefore = ContractDataset.NOW.minus(Duration.ofHours(1));
        long placed = fixture().dataset().events().stream()
                .filter(e -> e.timestamp().compareTo(hourBefore) >= 0
                        && e.timestamp().isBefore(ContractDataset.NOW))
                .count();
        assertThat(placed)
                .as("the dataset places events on both bounds of the hour")
                .isGreaterThanOrEqualTo(4);
        assertThat(expected.eventsLastHour()).isEqualTo(placed);
    }

    @Test
    default void countsNoEventsOfTheLastHourBeforeAQuietNow() {
        Overview expected = fixture().assertOverview(null, null, ContractDataset.EMPTY_TO);
        assertThat(expected.eventsLastHour()).isZero();
    }

    @Test
    default void overviewOfAnEmptyRangeIsZero() {
        Overview expected =
                fixture().assertOverview(ContractDataset.EMPTY_FROM, ContractDataset.EMPTY_TO, ContractDataset.NOW);
        assertThat(expected).isEqualTo(new Overview(0, 0, 0, 0.0, expected.eventsLastHour()));
    }

    @Test
    default void anAllTimeOverviewCountsEventsFarInThePastAndFuture() {
        ProjectId project = ContractFixture.freshProject();
        List<Event> events = new ArrayList<>(fixture().dataset().events().subList(0, 200));
        // As far out as every engine stores timestamps (ClickHouse rollups bucket by 32-bit Unix seconds).
        for (String at : List.of(
                "1970-01-01T00:00:00.000001Z",
                "1971-06-15T12:34:56.789012Z",
                "2105-06-15T12:00:00Z",
                "2106-01-31T23:59:59.999999Z")) {
            Event template = events.get(events.size() % 200);
            events.add(Event.builder(
                            java.util.UUID.nameUUIDFromBytes(
                                    (project.value() + at).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                            template.type(),
                            Instant.parse(at))
                    .userId("far-" + at)
                    .sessionId("far-session-" + at)
                    .revenue(2.5)
                    .build());
        }
        fixture()
                .storage()
                .write(project, events)
                .as(StepVerifier::create)
                .assertNext(written -> assertThat(written.inserted()).isEqualTo(events.size()))
                .verifyComplete();
        fixture().storage().rollups().refresh(project).as(StepVerifier::create).verifyComplete();

        ContractFixture far =
                new ContractFixture(fixture().storage(), project, fixture().dataset(), new ReportOracle(events));
        Overview all = far.assertOverview(null, null, ContractDataset.NOW);
        assertThat(all.events()).isEqualTo(events.size());
        far.assertOverview(Instant.parse("2000-01-01T00:00:00Z"), null, ContractDataset.NOW);
        far.assertOverview(null, Instant.parse("2000-01-01T00:00:00Z"), ContractDataset.NOW);
        far.assertApproximateOverview(null, null, ContractDataset.NOW);
    }

    @Test
    default void anApproximateOverviewKeepsTheEstimateBoundAndAdditiveNumbersExact() {
        Overview spring = fixture()
                .assertApproximateOverview(ContractDataset.SPRING_FROM, ContractDataset.SPRING_TO, ContractDataset.NOW);
        assertThat(spring.uniqueUsers()).as("the window has users to estimate").isPositive();
        fixture().assertApproximateOverview(null, null, ContractDataset.NOW);
        fixture().assertApproximateOverview(ContractDataset.EDGE_FROM, ContractDataset.EDGE_TO, ContractDataset.NOW);
        fixture().assertApproximateOverview(ContractDataset.EMPTY_FROM, ContractDataset.EMPTY_TO, ContractDataset.NOW);
        if (fixture().storage().rollups() == RollupAdmin.NONE) {
            return;
        }
        // Whole days the rollups hold: sketches answer the distinct counts, and the overview says so.
        fixture()
                .storage()
                .overview(new OverviewQuery(
                        fixture().project(),
                        ContractDataset.SPRING_FROM,
                        ContractDataset.SPRING_TO,
                        ContractDataset.NOW,
                        true))
                .as(StepVerifier::create)
                .assertNext(overview -> assertThat(overview.approximate()).isTrue())
                .verifyComplete();
    }

    @Test
    default void anExactOverviewIsNeverApproximate() {
        fixture()
                .storage()
                .overview(new OverviewQuery(
                        fixture().project(),
                        ContractDataset.SPRING_FROM,
                        ContractDataset.SPRING_TO,
                        ContractDataset.NOW))
                .as(StepVerifier::create)
                .assertNext(overview -> assertThat(overview.approximate()).isFalse())
                .verifyComplete();
    }
}
