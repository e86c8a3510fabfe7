package io.eventlens.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Each user and session id of a project gets one number, whoever asks first: instances racing to number the same
 * new ids all end up with the same numbers, and no two ids of a kind share one.
 */
class MemberNumbersTests {

    private final PostgresTestServer server = PostgresTestServer.shared();
    private final ProjectId project = PostgresTestServer.newProject();

    @Test
    void instancesRacingForTheSameNewIdsGetTheSameNumbers() {
        List<Event> events = IntStream.range(0, 400)
                .mapToObj(i -> Event.builder(UUID.randomUUID(), "view", Instant.now())
                        .userId("user-" + (i % 150))
                        .sessionId("session-" + i)
                        .build())
                .toList();

        // Four instances (four dictionaries of their own), each numbering the batch in another order, at once.
        List<MemberNumbers.Numbered> results = Flux.range(0, 4)
                .flatMap(
                        instance -> new MemberNumbers(server.database())
                                .of(project, shuffled(events, instance))
                                .subscribeOn(Schedulers.parallel()),
                        4)
                .collectList()
                .block();

        assertThat(results).hasSize(4);
        MemberNumbers.Numbered first = Objects.requireNonNull(results).getFirst();
        assertThat(first.users()).hasSize(150);
        assertThat(first.sessions()).hasSize(400);
        results.forEach(numbered -> {
            assertThat(numbered.users()).isEqualTo(first.users());
            assertThat(numbered.sessions()).isEqualTo(first.sessions());
        });
        // One number per id of a kind, dense: users and sessions are numbered apart.
        assertThat(new HashSet<>(first.users().values())).hasSize(150);
        assertThat(new HashSet<>(first.sessions().values())).hasSize(400);
        assertThat(dictionary()).isEqualTo(550);
    }

    @Test
    void eventsWithoutUsersOrSessionsNeedNoNumbers() {
        MemberNumbers.Numbered numbered = new MemberNumbers(server.database())
                .of(
                        project,
                        List.of(Event.builder(UUID.randomUUID(), "view", Instant.now())
                                .build()))
                .block();

        assertThat(Objects.requireNonNull(numbered).users()).isEmpty();
        assertThat(numbered.sessions()).isEmpty();
        assertThat(dictionary()).isZero();
    }

    private long dictionary() {
        return Objects.requireNonNull(server.database()
                .query(
                        new SqlStatement(
                                "SELECT count(*) FROM members WHERE project_id = $1", List.of(project.value())),
                        row -> Objects.requireNonNull(row.get(0, Long.class)))
                .blockFirst());
    }

    private static List<Event> shuffled(List<Event> events, int seed) {
        List<Event> copy = new java.util.ArrayList<>(events);
        java.util.Collections.shuffle(copy, new java.util.Random(seed));
        return copy;
    }
}
