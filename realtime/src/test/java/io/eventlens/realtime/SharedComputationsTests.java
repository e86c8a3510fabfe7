package io.eventlens.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Computations shared by input: started by the first subscriber, stopped by the last one or all at once. */
class SharedComputationsTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final Scheduler scheduler = Schedulers.newSingle("shared-computations-test");
    private final AtomicInteger started = new AtomicInteger();
    private final SharedComputations<String, String> shared = new SharedComputations<>(key -> {
        int run = started.incrementAndGet();
        LiveComputation<String> computation = new LiveComputation<>(
                "test " + key,
                () -> Mono.just(key + "#" + run),
                String::equals,
                batch -> true,
                Duration.ofMillis(10),
                null,
                scheduler,
                LiveMeters.unregistered(),
                LiveSpans.NONE);
        computation.start(Flux.never());
        return computation;
    });

    @AfterEach
    void stopScheduler() {
        scheduler.dispose();
    }

    @Test
    void subscribersOfOneInputShareOneComputation() {
        StepVerifier.create(
                        Flux.merge(shared.subscribe("a"), shared.subscribe("a")).take(2))
                .expectNext("a#1", "a#1")
                .expectComplete()
                .verify(WAIT);
        assertThat(started).hasValue(1);
        assertThat(shared.size()).isZero(); // the last subscriber gone, its computation stopped
    }

    @Test
    void stoppingAllCompletesEverySubscriberAndTheNextSubscriptionStartsAfresh() {
        List<String> completed = new CopyOnWriteArrayList<>();
        List<Disposable> subscribers = List.of("a", "a", "b").stream()
                .map(key -> shared.subscribe(key).subscribe(answer -> {}, failure -> {}, () -> completed.add(key)))
                .toList();
        assertThat(shared.size()).isEqualTo(2);

        // A subscriber's completion releases its entry on this very thread while the others are being stopped.
        assertThatCode(shared::stopAll).doesNotThrowAnyException();

        assertThat(completed).containsExactlyInAnyOrder("a", "a", "b");
        assertThat(shared.size()).isZero();
        StepVerifier.create(shared.subscribe("a").take(1))
                .expectNext("a#3")
                .expectComplete()
                .verify(WAIT);
        subscribers.forEach(Disposable::dispose);
    }
}
