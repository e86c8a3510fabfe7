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

/**
 * Racing writers of the same batch store each event once on PostgreSQL (retries, repeats inside a batch and large
 * batches are in the contract suite, {@code IdempotencyContract}, for every engine).
 */
class PostgresIdempotencyTests {

    private final PostgresTestServer server = PostgresTestServer.shared();
    private final PostgresEventStorage storage = server.storage();
    private final ProjectId project = PostgresTestServer.newProject();
    private final Instant base = Instant.parse("2025-03-10T12:00:00Z");

    @Test
    void concurrentWritersOfTheSameBatchStoreEachEventOnce() {
        List<Event> batch = events(3000, base);
        int writers = 6;
        List<WriteResult> results = Mono.zip(
                        IntStream.range(0, writers)
                                .mapToObj(i -> storage.write(project, shuffled(batch, i))
                                        .subscribeOn(Schedulers.parallel()))
                                .toList(),
                        array -> java.util.Arrays.stream(array)
                                .map(WriteResult.class::cast)
                                .toList())
                .block(Duration.ofMinutes(2));

        assertThat(results).isNotNull();
        assertThat(results.stream().mapToInt(WriteResult::inserted).sum()).isEqualTo(3000);
        assertThat(results.stream().mapToInt(WriteResult::duplicates).sum()).isEqualTo(3000 * (writers - 1));
        List<Event> stored = allEvents();
        assertThat(stored).hasSize(3000);
        assertThat(stored.stream().map(Event::id).collect(java.util.stream.Collectors.toSet()))
                .isEqualTo(batch.stream().map(Event::id).collect(java.util.stream.Collectors.toSet()));
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
            events.add(Event.builder(
                            id, "page_view", base.plus(i, ChronoUnit.SECONDS).plusNanos(i % 1000 * 1000L))
                    .userId("u" + (i % 7))
                    .country(i % 2 == 0 ? "DE" : null)
                    .revenue(i % 3 == 0 ? 1.25 : null)
                    .properties(java.util.Map.of("n", i, "plan", i % 2 == 0 ? "pro" : "free"))
                    .build());
        }
        assertThat(ids).hasSize(count);
        return events;
    }
}
