package io.eventlens.app.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.storage.OverloadedException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** A lane runs so many reads at once, queues so many more for so long, and refuses the rest at once. */
class ReadLaneTests {

    @Test
    void readsBeyondCapacityWaitTheirTurnInOrderAndBeyondTheQueueAreRefused() {
        ReadLane lane = new ReadLane("scans", 1, 1, Duration.ofSeconds(5));
        Sinks.One<String> first = Sinks.one();
        Sinks.One<String> second = Sinks.one();
        StepVerifier.create(lane.run(first.asMono()))
                .then(() -> {
                    StepVerifier.create(lane.run(second.asMono()))
                            .then(() -> StepVerifier.create(lane.run(Mono.just("third")))
                                    .expectErrorSatisfies(error -> assertThat(error)
                                            .isInstanceOf(OverloadedException.class)
                                            .hasMessageContaining("scans are at capacity (1 running and 1 waiting)"))
                                    .verify())
                            .then(() -> first.tryEmitValue("first"))
                            .then(() -> assertThat(lane.running()).isEqualTo(1)) // the waiting read took the slot
                            .then(() -> second.tryEmitValue("second"))
                            .expectNext("second")
                            .verifyComplete();
                })
                .expectNext("first")
                .verifyComplete();
        assertThat(lane.running()).isZero();
    }

    @Test
    void aReadThatWaitsTooLongIsRefusedWithWhenToRetry() {
        ReadLane lane = new ReadLane("scans", 1, 4, Duration.ofMillis(100));
        Disposable holding = lane.run(Mono.never()).subscribe();

        StepVerifier.create(lane.run(Mono.just("late")))
                .expectErrorSatisfies(error ->
                        assertThat(((OverloadedException) error).retryAfter()).isPositive())
                .verify(Duration.ofSeconds(5));
        holding.dispose();
        assertThat(lane.running()).isZero();
        StepVerifier.create(lane.run(Mono.just("now"))).expectNext("now").verifyComplete();
    }

    @Test
    void failedCancelledAndAbandonedReadsFreeTheirSlots() {
        ReadLane lane = new ReadLane("reads", 2, 2, Duration.ofSeconds(5));
        StepVerifier.create(lane.run(Mono.error(new IllegalStateException("boom"))))
                .expectError()
                .verify();
        Disposable cancelled = lane.run(Mono.never()).subscribe();
        Disposable other = lane.run(Mono.never()).subscribe();
        Disposable waiter = lane.run(Mono.never()).subscribe(); // queued behind the two
        assertThat(lane.running()).isEqualTo(2);

        waiter.dispose();
        cancelled.dispose();
        other.dispose();

        assertThat(lane.running()).isZero();
        StepVerifier.create(lane.run(Mono.just(1)).then(lane.run(Mono.just(2))))
                .expectNext(2)
                .verifyComplete();
    }
}
