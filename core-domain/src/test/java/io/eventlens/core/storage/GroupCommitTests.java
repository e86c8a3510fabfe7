package io.eventlens.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class GroupCommitTests {

    private static final ProjectId PROJECT = new ProjectId("group-commit");
    private static final Duration WAIT = Duration.ofSeconds(5);

    /**
     * A store of ids that answers as an engine does (first occurrence stored, the rest duplicates) and holds each
     * write until the test opens its gate, so batches pile up behind it as they do behind a commit in flight.
     */
    private static final class GatedStore implements GroupCommit.Writer {
        final Set<UUID> stored = new HashSet<>();
        final List<Integer> writeSizes = new CopyOnWriteArrayList<>();
        final List<Sinks.Empty<Void>> gates = new CopyOnWriteArrayList<>();

        @org.jspecify.annotations.Nullable
        UUID poison;

        @Override
        public Mono<WriteResult> write(ProjectId project, List<Event> events) {
            writeSizes.add(events.size());
            Sinks.Empty<Void> gate = Sinks.empty();
            gates.add(gate);
            return gate.asMono().then(Mono.fromCallable(() -> {
                if (events.stream().anyMatch(e -> e.id().equals(poison))) {
                    throw new IllegalArgumentException("a batch this store refuses");
                }
                List<UUID> inserted = new ArrayList<>();
                synchronized (stored) {
                    for (Event event : events) {
                        if (stored.add(event.id())) {
                            inserted.add(event.id());
                        }
                    }
                }
                return new WriteResult(inserted.size(), events.size() - inserted.size(), inserted);
            }));
        }

        void open(int write) {
            gates.get(write).tryEmitEmpty();
        }
    }

    @Test
    void batchesArrivingDuringAWriteJoinTheNextOneAndEachGetsItsOwnShare() {
        GatedStore store = new GatedStore();
        GroupCommit commit = new GroupCommit(store, 1, 10_000);
        List<Event> first = events(3);
        List<Event> second = events(4);
        List<Event> third = events(5);
        List<Event> thirdAgain = new ArrayList<>(third.subList(0, 2)); // a retry of part of the third, in the same wait
        thirdAgain.addAll(events(1));

        var firstAnswer = commit.write(PROJECT, first).toFuture();
        var secondAnswer = commit.write(PROJECT, second).toFuture();
        var thirdAnswer = commit.write(PROJECT, third).toFuture();
        var retryAnswer = commit.write(PROJECT, thirdAgain).toFuture();
        assertThat(store.writeSizes).containsExactly(3); // the others wait for the first write
        store.open(0);
        assertThat(store.writeSizes).containsExactly(3, 4 + 5 + 3);
        assertThat(secondAnswer).isNotDone(); // answered only when its write has committed
        store.open(1);

        assertThat(firstAnswer.join()).isEqualTo(new WriteResult(3, 0));
        assertThat(secondAnswer.join().insertedIds()).containsExactlyElementsOf(ids(second));
        assertThat(thirdAnswer.join().insertedIds()).containsExactlyElementsOf(ids(third));
        WriteResult retry = retryAnswer.join();
        assertThat(retry).isEqualTo(new WriteResult(1, 2));
        assertThat(retry.insertedIds()).containsExactly(thirdAgain.getLast().id());
    }

    @Test
    void aJoinedWriteTakesNoMoreThanItsLimitButAnyBatchWhole() {
        GatedStore store = new GatedStore();
        GroupCommit commit = new GroupCommit(store, 1, 10);
        var answers = List.of(
                commit.write(PROJECT, events(2)).toFuture(),
                commit.write(PROJECT, events(6)).toFuture(),
                commit.write(PROJECT, events(4)).toFuture(),
                commit.write(PROJECT, events(25)).toFuture());
        store.open(0);
        store.open(1);
        store.open(2);
        assertThat(store.writeSizes).containsExactly(2, 6 + 4, 25);
        answers.forEach(answer -> assertThat(answer.join().duplicates()).isZero());
    }

    @Test
    void twoWritesMayRunAtOnceWhenAllowed() {
        GatedStore store = new GatedStore();
        GroupCommit commit = new GroupCommit(store, 2, 10_000);
        commit.write(PROJECT, events(1)).subscribe();
        commit.write(PROJECT, events(2)).subscribe();
        commit.write(PROJECT, events(3)).subscribe();
        commit.write(PROJECT, events(4)).subscribe();
        assertThat(store.writeSizes).containsExactly(1, 2);
        store.open(1);
        assertThat(store.writeSizes).containsExactly(1, 2, 3 + 4);
    }

    @Test
    void aBatchTheEngineRefusesFailsOnlyItsOwnCaller() {
        GatedStore store = new GatedStore();
        GroupCommit commit = new GroupCommit(store, 1, 10_000);
        List<Event> good = events(3);
        List<Event> bad = events(2);
        store.poison = bad.getFirst().id();
        commit.write(PROJECT, events(1)).subscribe();
        var goodAnswer = commit.write(PROJECT, good).toFuture();
        var badAnswer = commit.write(PROJECT, bad).toFuture();
        store.open(0);
        store.open(1); // the joined write fails; each batch is written again alone
        store.open(2);
        store.open(3);

        assertThat(goodAnswer.join()).isEqualTo(new WriteResult(3, 0));
        assertThatThrownBy(badAnswer::join).hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(store.writeSizes).containsExactly(1, 5, 3, 2);
    }

    @Test
    void anEngineThatDoesNotReportInsertedIdsCannotBeJoined() {
        assertThatThrownBy(() -> GroupCommit.shares(List.of(events(2)), new WriteResult(2, 0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ids");
    }

    @Test
    void anEmptyBatchIsAnsweredWithoutAWrite() {
        GatedStore store = new GatedStore();
        assertThat(new GroupCommit(store, 1, 10).write(PROJECT, List.of()).block(WAIT))
                .isEqualTo(WriteResult.EMPTY);
        assertThat(store.writeSizes).isEmpty();
    }

    private static List<Event> events(int count) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(Event.builder(
                            UUID.randomUUID(),
                            "page_view",
                            Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i))
                    .build());
        }
        return events;
    }

    private static List<UUID> ids(List<Event> events) {
        return events.stream().map(Event::id).toList();
    }
}
