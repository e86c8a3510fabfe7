package io.eventlens.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * The application's stop completes open subscriptions, and a start after it (the test framework pauses and restarts
 * cached contexts) admits subscriptions that stay open, even when stopping the live computations failed.
 */
class SubscriptionShutdownTests {

    private static final Duration QUIET = Duration.ofMillis(200);
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void aStopCompletesOpenSubscriptionsAndAStartAfterItKeepsNewOnesOpen() throws InterruptedException {
        SubscriptionShutdown shutdown = new SubscriptionShutdown(() -> {});
        shutdown.start();
        StepVerifier.Step<Object> open =
                StepVerifier.create(shutdown.untilShutdown(Flux.never())).expectSubscription();

        stop(shutdown);
        open.expectComplete().verify(WAIT);

        shutdown.start();
        assertStaysOpen(shutdown);
    }

    @Test
    void aStopWhoseCleanUpFailsStillLeavesTheNextStartWorking() throws InterruptedException {
        SubscriptionShutdown shutdown = new SubscriptionShutdown(() -> {
            throw new IllegalStateException("stopping the live computations failed");
        });
        shutdown.start();
        CountDownLatch stopped = new CountDownLatch(1);

        assertThatThrownBy(() -> shutdown.stop(stopped::countDown)).isInstanceOf(IllegalStateException.class);

        assertThat(shutdown.isRunning()).isFalse(); // so the restart starts it again
        assertThat(stopped.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue(); // the stop is not held up
        shutdown.start();
        assertStaysOpen(shutdown);
    }

    private static void stop(SubscriptionShutdown shutdown) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        shutdown.stop(stopped::countDown);
        assertThat(stopped.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }

    private static void assertStaysOpen(SubscriptionShutdown shutdown) {
        StepVerifier.create(shutdown.untilShutdown(Flux.never()))
                .expectSubscription()
                .expectNoEvent(QUIET)
                .thenCancel()
                .verify(WAIT);
    }
}
