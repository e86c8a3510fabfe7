package io.eventlens.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.EventPage;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.storage.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Ids are the idempotency key: retries, repeats inside a batch and racing writers store each event once. */
class PostgresIdempotencyTests {

    private final PostgresTestServer server = PostgresTestServer.shared();
    private final PostgresEventStorage storage = server.storage();
    private final ProjectId project = PostgresTestServer.newProject();
    private final Instant base = Instant.parse("2025-03-10T12:00:00Z");

    @Test
    void retriedBatchWithOtherTimestampsIsNotStoredAgain() {
        List<Event> batch = events(20, base);
        storage.write(project, batch).as(StepVerifier::create).expectNext(new WriteResult(20, 0)).verifyComplete();

        // A client that omitted timestamps retries: the server stamps the same ids with a later time.
        List<Event> retry = batch.stream().map(e -> Event.builder(e.id(), e.type(), e.timestamp().plus(Duration.ofDays(40)))
                .build()).toList();
        storage.write(project, retry).as(StepVerifier::create).expectNext(new WriteResult(0, 20)).verifyComplete();

        assertThat(allEvents()).extracting(Event::timestamp).containsOnly(batch.stream().map(Event::timestamp)
                .distinct().toArray(Instant[]::new)).hasSize(20);
    }

    @Test
    void repeatsInsideOneBatchCountAsDuplicatesAndTheFirstOneIsKept() {
        List<Event> unique = events(10, base);
        List<Event> batch = new ArrayList<>(unique);
        // The 3rd and 7th event again, with other content: the first occurrence wins.
        batch.add(Event.builder(unique.get(2).id(), "repeat", base.plusSeconds(5)).build());
        batch.add(Event.builder(unique.get(6).id(), "repeat", base.plusSeconds(6)).build());
        batch.add(Event.builder(unique.get(2).id(), "repeat", base.plusSeconds(7)).build());

        storage.write(project, batch).as(StepVerifier::create).expectNext(new WriteResult(10, 3)).verifyComplete();

        List<Event> stored = allEvents();
        assertThat(stored).hasSize(10).extracting(Event::type).doesNotContain("repeat");
    }

    @Test
    void aBatchLargerThanOneStatementIsCountedAcrossChunks() {
        List<Event> batch = events(12_345, base);
        List<Event> withRepeats = new ArrayList<>(batch);
        withRepeats.addAll(batch.subList(0, 100));
        storage.write(project, withRepeats).as(StepVerifier::create).expectNext(new WriteResult(12_345, 100))
                .verifyComplete();
        storage.write(project, batch.subList(12_000, 12_345)).as(StepVerifier::create)
                .expectNext(new WriteResult(0, 345)).verifyComplete();
    }

    @Test
    void concurrentWritersOfTheSameBatchStoreEachEventOnce() {
        List<Event> batch = events(3000, base);
        int writers = 6;
        List<WriteResult> results = Mono.zip(IntStream.range(0, writers)
                        .mapToObj(i -> storage.write(project, shuffled(batch, i)).subscribeOn(Schedulers.parallel()))
                        .toList(),
                        array -> java.util.Arrays.stream(array).map(WriteResult.class::cast).toList())
                .block(Duration.ofMinutes(2));

        assertThat(results).isNotNull();
        assertThat(results.stream().mapToInt(WriteResult::inserted).sum()).isEqualTo(3000);
        assertThat(results.stream().mapToInt(WriteResult::duplicates).sum()).isEqualTo(3000 * (writers - 1));
        List<Event> stored = allEvents();
        assertThat(stored).hasSize(3000);
        assertThat(stored.stream().map(Event::id).collect(java.util.stream.Collectors.toSet()))
                .isEqualTo(batch.stream().map(Event::id).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void theSameIdInAnotherProjectIsAnotherEvent() {
        List<Event> batch = events(5, base);
        ProjectId other = PostgresTestServer.newProject();
        storage.write(project, batch).as(StepVerifier::create).expectNext(new WriteResult(5, 0)).verifyComplete();
        storage.write(other, batch).as(StepVerifier::create).expectNext(new WriteResult(5, 0)).verifyComplete();
    }

    private List<Event> allEvents() {
        List<Event> all = new ArrayList<>();
        io.eventlens.core.query.EventCursor after = null;
        while (true) {
            EventPage page = storage.events(new EventPageQuery(project, List.of(), null, null, 1000, after))
                    .block(Duration.ofSeconds(30));
            all.addAll(page.events());
            if (!page.hasNextPage()) {
                return all;
            }
            after = io.eventlens.core.query.EventCursor.of(page.events().getLast());
        }
    }

    private static List<Event> shuffled(List<Event> batch, long seed) {
        List<Event> copy = new ArrayList<>(batch);
        java.util.Collections.shuffle(copy, new java.util.Random(seed));
        return copy;
    }

    static List<Event> events(int count, Instant base) {
        Set<UUID> ids = new HashSet<>();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            events.add(Event.builder(id, "page_view", base.plus(i, ChronoUnit.SECONDS).plusNanos(i % 1000 * 1000L))
                    .userId("u" + (i % 7)).country(i % 2 == 0 ? "DE" : null).revenue(i % 3 == 0 ? 1.25 : null)
                    .properties(java.util.Map.of("n", i, "plan", i % 2 == 0 ? "pro" : "free"))
                    .build());
        }
        assertThat(ids).hasSize(count);
        return events;
    }
}
