package io.eventlens.app.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * Identical reads share one computation per round, and a read never joins a round that started before it arrived:
 * it gets the next one, which starts when the running one ends.
 */
class ReadRoundsTests {

    private final ReadRounds<String, Integer> rounds = new ReadRounds<>();
    private final AtomicInteger started = new AtomicInteger();
    private final List<Sinks.One<Integer>> computations = new ArrayList<>();

    /** A read whose answer the test gives: the number of the round it was started in. */
    private Mono<Integer> read() {
        started.incrementAndGet();
        Sinks.One<Integer> answer = Sinks.one();
        computations.add(answer);
        return answer.asMono();
    }

    @Test
    void readsArrivingDuringARoundShareTheNextOneAndOnlyThatOne() {
        List<Integer> first = new ArrayList<>();
        List<Integer> later = new ArrayList<>();
        rounds.join("q", this::read).subscribe(first::add);
        assertThat(started).hasValue(1);
        // Three arrive while round 1 runs: none joins it.
        for (int i = 0; i < 3; i++) {
            rounds.join("q", this::read).subscribe(later::add);
        }
        assertThat(started).as("the next round waits for the running one").hasValue(1);

        computations.get(0).tryEmitValue(1);
        assertThat(first).containsExactly(1);
        assertThat(later).isEmpty();
        assertThat(started).as("one round for the three").hasValue(2);

        computations.get(1).tryEmitValue(2);
        assertThat(later).containsExactly(2, 2, 2);
        assertThat(rounds.running()).isZero();
    }

    @Test
    void aRoundEveryCallerLeftIsCancelledAndTheNextStartsAtOnce() {
        List<Boolean> cancelled = new ArrayList<>();
        reactor.core.Disposable first = rounds.join("q", () -> read().doOnCancel(() -> cancelled.add(true)))
                .subscribe();
        List<Integer> later = new ArrayList<>();
        rounds.join("q", this::read).subscribe(later::add);
        rounds.join("q", this::read).subscribe(later::add);
        assertThat(started).hasValue(1);

        first.dispose();
        assertThat(cancelled).as("its read is cancelled with its last caller").containsExactly(true);
        assertThat(started)
                .as("the next round, which still has callers, starts at once")
                .hasValue(2);
        computations.get(1).tryEmitValue(2);
        assertThat(later).containsExactly(2, 2);
        assertThat(rounds.running()).isZero();
    }

    @Test
    void aWaitingRoundEveryCallerLeftNeverStarts() {
        rounds.join("q", this::read).subscribe();
        rounds.join("q", this::read).subscribe().dispose();
        computations.get(0).tryEmitValue(1);
        assertThat(started).as("no round for a caller who left").hasValue(1);
        assertThat(rounds.running()).isZero();
    }

    @Test
    void differentReadsDoNotWaitForEachOther() {
        rounds.join("a", this::read).subscribe();
        rounds.join("b", this::read).subscribe();
        assertThat(started).hasValue(2);
    }

    @Test
    void aFailedRoundFailsItsCallersOnlyAndTheNextRoundStillRuns() {
        StepVerifier.create(rounds.join("q", this::read))
                .then(() -> StepVerifier.create(rounds.join("q", this::read))
                        .then(() -> computations.get(0).tryEmitError(new IllegalStateException("first failed")))
                        .then(() -> computations.get(1).tryEmitValue(7))
                        .expectNext(7)
                        .verifyComplete())
                .expectErrorMessage("first failed")
                .verify();
        assertThat(rounds.running()).isZero();
    }
}
