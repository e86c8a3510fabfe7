package io.eventlens.core.storage.contract;

import static io.eventlens.core.storage.contract.ReportRequestBuilder.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.query.Overview;
import io.eventlens.core.query.OverviewQuery;
import io.eventlens.core.query.ReportRequest;
import io.eventlens.core.storage.WriteResult;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Writes are idempotent on event id within a project, and projects never see each other's events. */
public interface WriteContract extends StorageContract {

    @Test
    default void rewritingABatchStoresNothingNewAndChangesNoReport() {
        List<Event> batch = fixture().dataset().events().subList(0, 300);
        fixture()
                .storage()
                .write(fixture().project(), batch)
                .as(StepVerifier::create)
                .expectNext(new WriteResult(0, batch.size()))
                .verifyComplete();

        fixture()
                .assertReport(
                        report("events", "uniqueUsers", "sessions", "revenue").by("type"));
        Overview overview = fixture().assertOverview(null, null, ContractDataset.NOW);
        assertThat(overview.events()).isEqualTo(fixture().dataset().events().size());
    }

    @Test
    default void storesDuplicateIdsInsideOneBatchOnce() {
        ProjectId project = ContractFixture.freshProject();
        List<Event> events = fixture().dataset().events().subList(0, 3);
        List<Event> batch = List.of(events.get(0), events.get(1), events.get(0), events.get(2), events.get(1));

        fixture()
                .storage()
                .write(project, batch)
                .as(StepVerifier::create)
                .expectNext(new WriteResult(3, 2))
                .verifyComplete();

        fixture()
                .storage()
                .overview(new OverviewQuery(project, null, null, ContractDataset.NOW))
                .as(StepVerifier::create)
                .assertNext(overview -> assertThat(overview.events()).isEqualTo(3))
                .verifyComplete();
        fixture()
                .storage()
                .events(new EventPageQuery(project, List.of(), null, null, 10, null))
                .as(StepVerifier::create)
                .assertNext(page -> ReportAssertions.assertSameEvents(
                        page.events(),
                        events.stream().sorted(ReportOracle.NEWEST_FIRST).toList()))
                .verifyComplete();
    }

    @Test
    default void writingAnEmptyBatchStoresNothing() {
        fixture()
                .storage()
                .write(ContractFixture.freshProject(), List.of())
                .as(StepVerifier::create)
                .expectNext(new WriteResult(0, 0))
                .verifyComplete();
    }

    @Test
    default void anotherProjectSeesNoneOfTheseEvents() {
        ProjectId other = ContractFixture.freshProject();
        ReportRequest request =
                report("events", "uniqueUsers", "sessions", "revenue").build();
        fixture()
                .storage()
                .report(new io.eventlens.core.query.ReportRequestResolver(
                                io.eventlens.core.query.QueryLimits.defaults())
                        .resolve(other, request, io.eventlens.core.catalog.Catalog.builtIn()))
                .as(StepVerifier::create)
                .assertNext(answer -> {
                    assertThat(answer.rows()).hasSize(1);
                    assertThat(answer.rows().getFirst().values()).containsExactly(0.0, 0.0, 0.0, 0.0);
                    assertThat(answer.totals()).containsExactly(0.0, 0.0, 0.0, 0.0);
                })
                .verifyComplete();
        fixture()
                .storage()
                .overview(new OverviewQuery(other, null, null, ContractDataset.NOW))
                .as(StepVerifier::create)
                .expectNext(new Overview(0, 0, 0, 0.0, 0))
                .verifyComplete();
        fixture()
                .storage()
                .events(new EventPageQuery(other, List.of(), null, null, 10, null))
                .as(StepVerifier::create)
                .assertNext(page -> {
                    assertThat(page.events()).isEmpty();
                    assertThat(page.hasNextPage()).isFalse();
                })
                .verifyComplete();
    }

    @Test
    default void theSameIdInAnotherProjectIsAnotherEvent() {
        ProjectId other = ContractFixture.freshProject();
        Event shared = fixture().dataset().events().getFirst();

        fixture()
                .storage()
                .write(other, List.of(shared))
                .as(StepVerifier::create)
                .expectNext(new WriteResult(1, 0))
                .verifyComplete();

        fixture()
                .storage()
                .events(new EventPageQuery(other, List.of(), null, null, 10, null))
                .as(StepVerifier::create)
                .assertNext(page -> ReportAssertions.assertSameEvents(page.events(), List.of(shared)))
                .verifyComplete();
        fixture().assertOverview(null, null, ContractDataset.NOW);
        fixture().assertReport(report("events", "revenue").by("country"));
    }
}
