package io.eventlens.app.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** Identical misses share one computation, which runs while anyone waits for it and is cancelled when nobody does. */
class InFlightTests {

    private final InFlight<String, Integer> inFlight = new InFlight<>();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger cancelled = new AtomicInteger();
    private final List<Sinks.One<Integer>> computations = new ArrayList<>();

    private Mono<Integer> computation() {
        started.incrementAndGet();
        Sinks.One<Integer> answer = Sinks.one();
        computations.add(answer);
        return answer.asMono().doOnCancel(cancelled::incrementAndGet);
    }

    @Test
    void waitersShareOneComputationAndLateOnesGetItsAnswer() {
        List<Integer> answers = new ArrayList<>();
        inFlight.join("k", this::computation).subscribe(answers::add);
        inFlight.join("k", this::computation).subscribe(answers::add);
        computations.getFirst().tryEmitValue(7);
        assertThat(answers).containsExactly(7, 7);
        assertThat(started).hasValue(1);

        inFlight.join("k", this::computation).subscribe(answers::add);
        assertThat(started).as("an ended computation is forgotten").hasValue(2);
    }

    @Test
    void aComputationRunsWhileOneWaiterRemainsAndIsCancelledWhenTheLastLeaves() {
        Disposable first = inFlight.join("k", this::computation).subscribe();
        Disposable second = inFlight.join("k", this::computation).subscribe();

        first.dispose();
        assertThat(cancelled).as("one waiter still waits").hasValue(0);
        second.dispose();
        assertThat(cancelled).as("nobody waits: the read is stopped").hasValue(1);

        inFlight.join("k", this::computation).subscribe();
        assertThat(started).as("the next caller starts afresh").hasValue(2);
    }
}
