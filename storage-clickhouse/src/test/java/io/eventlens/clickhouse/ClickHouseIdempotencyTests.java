package io.eventlens.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.query.Overview;
import io.eventlens.core.query.OverviewQuery;
import io.eventlens.core.storage.EventStorage;
import io.eventlens.core.storage.WriteResult;
import io.eventlens.core.storage.contract.ContractDataset;
import io.eventlens.core.storage.contract.ContractFixture;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/**
 * The write guarantee beyond the contract: a sequential re-send is a duplicate (exact counts), and when racing
 * writers both pass the id check and both insert, FINAL reads still count each event once.
 */
class ClickHouseIdempotencyTests {

    private final ClickHouseDatabase database = ClickHouseTestStorage.database();
    private final EventStorage storage = ClickHouseTestStorage.shared();
    private final List<Event> events = ContractDataset.standard().events().subList(0, 40);

    @Test
    void eventsInsertedTwiceByRacingWritersCountOnce() {
        ProjectId project = ContractFixture.freshProject();
        byte[] rows = new EventBatchWriter(database, JsonMapper.builder().build(), 1000).rows(project, events);
        // What two writers that both found the ids new would do: insert the same rows twice, as separate parts.
        // Merges wait meanwhile, so that both copies are surely there when counted.
        ClickHouseTestServer server = ClickHouseTestServer.shared();
        server.execute("SYSTEM STOP MERGES " + ClickHouseTestServer.DATABASE + ".events");
        try {
            database.insertJsonEachRow(ClickHouseSchema.EVENTS, rows).block();
            database.insertJsonEachRow(ClickHouseSchema.EVENTS, rows).block();
            assertThat(server.execute("SELECT count() FROM " + ClickHouseTestServer.DATABASE
                                    + ".events WHERE project_id = '" + project.value() + "'")
                            .strip())
                    .as("both copies are stored until a merge")
                    .isEqualTo(String.valueOf(2 * events.size()));
        } finally {
            server.execute("SYSTEM START MERGES " + ClickHouseTestServer.DATABASE + ".events");
        }
        long users = events.stream()
                .map(Event::userId)
                .filter(java.util.Objects::nonNull)
                .distinct()
                .count();
        long sessions = events.stream()
                .map(Event::sessionId)
                .filter(java.util.Objects::nonNull)
                .distinct()
                .count();
        double revenue = events.stream()
                .map(Event::revenue)
                .filter(java.util.Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .sum();
        storage.overview(new OverviewQuery(project, null, null, ContractDataset.NOW))
                .as(StepVerifier::create)
                .assertNext(overview -> {
                    assertThat(overview.events()).isEqualTo(events.size());
                    assertThat(overview.uniqueUsers()).isEqualTo(users);
                    assertThat(overview.sessions()).isEqualTo(sessions);
                    assertThat(overview.revenue()).isCloseTo(revenue, org.assertj.core.data.Offset.offset(1e-6));
                })
                .verifyComplete();
        storage.events(new EventPageQuery(project, List.of(), null, null, 1000, null))
                .as(StepVerifier::create)
                .assertNext(
                        page -> assertThat(page.events()).hasSize(events.size()).doesNotHaveDuplicates())
                .verifyComplete();
        // A later re-send finds every id stored.
        storage.write(project, events)
                .as(StepVerifier::create)
                .expectNext(new WriteResult(0, events.size()))
                .verifyComplete();
    }

    @Test
    void aSequentialResendIsCountedAsDuplicatesAndStoresNothing() {
        ProjectId project = ContractFixture.freshProject();
        storage.write(project, events)
                .as(StepVerifier::create)
                .expectNext(new WriteResult(events.size(), 0))
                .verifyComplete();
        storage.write(project, events.subList(0, 10))
                .as(StepVerifier::create)
                .expectNext(new WriteResult(0, 10))
                .verifyComplete();

        assertThat(ClickHouseTestServer.shared()
                        .execute("SELECT count() FROM " + ClickHouseTestServer.DATABASE + ".events WHERE project_id = '"
                                + project.value() + "'")
                        .strip())
                .isEqualTo(String.valueOf(events.size()));
        storage.overview(new OverviewQuery(project, null, null, ContractDataset.NOW))
                .as(StepVerifier::create)
                .assertNext(overview ->
                        assertThat(overview).extracting(Overview::events).isEqualTo((long) events.size()))
                .verifyComplete();
    }
}
