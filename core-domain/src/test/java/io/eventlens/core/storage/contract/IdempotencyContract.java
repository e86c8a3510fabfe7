package io.eventlens.core.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.EventCursor;
import io.eventlens.core.query.EventPage;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.storage.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * Ids are the idempotency key, whatever the engine: a retry, a repeat inside a batch or a batch larger than one
 * statement stores each event once, and so do overlapping batches written at once ({@link WriteContract} has the
 * rest). Each test writes a project of its own.
 */
public interface IdempotencyContract extends StorageContract {

    Instant BASE = Instant.parse("2025-03-10T12:00:00Z");

    @Test
    default void aRetriedBatchWithOtherTimestampsIsNotStoredAgain() {
        ProjectId project = ContractFixture.freshProject();
        List<Event> batch = idempotencyEvents(20);
        fixture()
                .storage()
                .write(project, batch)
                .as(StepVerifier::create)
                .expectNext(new WriteResult(20, 0))
                .verifyComplete();

        // A client that omitted timestamps retries: the server stamps the same ids with a later time.
        List<Event> retry = batch.stream()
                .map(e -> Event.builder(e.id(), e.type(), e.timestamp().plus(Duration.ofDays(40)))
                        .build())
                .toList();
        fixture()
                .storage()
                .write(project, retry)
                .as(StepVerifier::create)
                .expectNext(new WriteResult(0, 20))
                .verifyComplete();

        assertThat(allEvents(project))
                .extracting(Event::timestamp)
                .containsExactlyInAnyOrderElementsOf(
                        batch.stream().map(Event::timestamp).toList());
    }

    @Test
    default void repeatsInsideOneBatchCountAsDuplicatesAndTheFirstOneIsKept() {
        ProjectId project = ContractFixture.freshProject();
        List<Event> unique = idempotencyEvents(10);
        List<Event> batch = new ArrayList<>(unique);
        // The 3rd and 7th event again, with other content: the first occurrence wins.
        batch.add(
                Event.builder(unique.get(2).id(), "repeat", BASE.plusSeconds(5)).build());
        batch.add(
                Event.builder(unique.get(6).id(), "repeat", BASE.plusSeconds(6)).build());
        batch.add(
                Event.builder(unique.get(2).id(), "repeat", BASE.plusSeconds(7)).build());

        fixture()
                .storage()
                .write(project, batch)
                .as(StepVerifier::create)
                .expectNext(new WriteResult(10, 3))
                .verifyComplete();

        assertThat(allEvents(project)).hasSize(10).extracting(Event::type).doesNotContain("repeat");
    }

    @Test
    default void aBatchLargerThanOneStatementIsCountedAcrossItsParts() {
        ProjectId project = ContractFixture.freshProject();
        List<Event> batch = idempotencyEvents(12_345);
        List<Event> withRepeats = new ArrayList<>(batch);
        withRepeats.addAll(batch.subList(0, 100));
        fixture()
                .storage()
                .write(project, withRepeats)
                .as(StepVerifier::create)
                .expectNext(new WriteResult(12_345, 100))
                .verifyComplete();
        fixture()
                .storage()
                .write(project, batch.subList(12_000, 12_345))
                .as(StepVerifier::create)
                .expectNext(new WriteResult(0, 345))
                .verifyComplete();
    }

    @Test
    default void overlappingBatchesWrittenAtOnceStoreAndCountEachIdOnce() {
        ProjectId project = ContractFixture.freshProject();
        List<Event> events = idempotencyEvents(600);
        // Eleven batches of 100, each sharing half its ids with the next, and each sent twice: 22 writes at once,
        // as clients retrying after a timeout do while their first attempts are still in flight.
        List<List<Event>> writes = new ArrayList<>();
        for (int i = 0; i + 100 <= events.size(); i += 50) {
            writes.add(events.subList(i, i + 100));
            writes.add(events.subList(i, i + 100));
        }
        List<WriteResult> results = Flux.fromIterable(writes)
                .flatMap(batch -> fixture().storage().write(project, batch), writes.size())
                .collectList()
                .block(Duration.ofSeconds(60));

        assertThat(results).isNotNull().hasSize(writes.size());
        List<UUID> inserted = results.stream()
                .flatMap(result -> result.insertedIds().stream())
                .toList();
        assertThat(inserted)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(
                        events.stream().map(Event::id).toList());
        assertThat(results.stream().mapToInt(WriteResult::inserted).sum()).isEqualTo(events.size());
        assertThat(results.stream()
                        .mapToInt(result -> result.inserted() + result.duplicates())
                        .sum())
                .isEqualTo(writes.stream().mapToInt(List::size).sum());
        assertThat(allEvents(project))
                .extracting(Event::id)
                .doesNotHaveDuplicates()
                .hasSize(events.size());
    }

    private List<Event> allEvents(ProjectId project) {
        List<Event> all = new ArrayList<>();
        EventCursor after = null;
        while (true) {
            EventPage page = fixture()
                    .storage()
                    .events(new EventPageQuery(project, List.of(), null, null, 1000, after))
                    .block(Duration.ofSeconds(30));
            assertThat(page).isNotNull();
            all.addAll(page.events());
            if (!page.hasNextPage()) {
                return all;
            }
            after = EventCursor.of(page.events().getLast());
        }
    }

    private static List<Event> idempotencyEvents(int count) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(Event.builder(
                            UUID.randomUUID(),
                            "page_view",
                            BASE.plus(i, ChronoUnit.SECONDS).plusNanos(i % 1000 * 1000L))
                    .userId("u" + (i % 7))
                    .country(i % 2 == 0 ? "DE" : null)
                    .revenue(i % 3 == 0 ? 1.25 : null)
                    .properties(Map.of("n", i, "plan", i % 2 == 0 ? "pro" : "free"))
                    .build());
        }
        return events;
    }
}
