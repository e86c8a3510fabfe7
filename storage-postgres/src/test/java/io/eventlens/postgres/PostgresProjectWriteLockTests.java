package io.eventlens.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventlens.core.ProjectId;
import io.r2dbc.pool.ConnectionPool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The project write lock across instances: two locks on separate pools (as two instances have) exclude each other
 * for one project and not across projects, and a holder that fails or is cancelled lets the next one in.
 */
class PostgresProjectWriteLockTests {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Long enough that a lock wrongly granted would have let the second holder in. */
    private static final Duration STILL_WAITING = Duration.ofMillis(300);

    private final PostgresTestServer server = PostgresTestServer.shared();
    private final PostgresProjectWriteLock one = new PostgresProjectWriteLock(server.database());
    /** The other instance's own connections. */
    private final ConnectionPool otherPool = PostgresConnections.pool(server.settings());

    private final PostgresProjectWriteLock other = new PostgresProjectWriteLock(new PostgresDatabase(otherPool));

    @AfterEach
    void closeOtherPool() {
        otherPool.dispose();
    }

    @Test
    void aSecondInstanceWaitsForTheFirstToEndItsWorkOnTheSameProject() throws InterruptedException {
        ProjectId project = PostgresTestServer.newProject();
        List<String> steps = new CopyOnWriteArrayList<>();
        Sinks.Empty<Void> release = Sinks.empty();
        Sinks.Empty<Void> firstHolds = Sinks.empty();
        Disposable first = one.holding(project, () -> {
                    steps.add("first in");
                    firstHolds.tryEmitEmpty();
                    return release.asMono().then(Mono.fromRunnable(() -> steps.add("first out")));
                })
                .subscribe();
        firstHolds.asMono().block(WAIT);
        Mono<Void> second = other.holding(project, () -> Mono.fromRunnable(() -> steps.add("second in")));
        Disposable secondRun = second.subscribe();
        Thread.sleep(STILL_WAITING.toMillis());
        assertThat(steps).containsExactly("first in");

        release.tryEmitEmpty();
        awaitSteps(steps, 3);
        assertThat(steps).containsExactly("first in", "first out", "second in");
        first.dispose();
        secondRun.dispose();
    }

    @Test
    void anotherProjectDoesNotWait() {
        ProjectId held = PostgresTestServer.newProject();
        Sinks.Empty<Void> release = Sinks.empty();
        Sinks.Empty<Void> holds = Sinks.empty();
        Disposable holder = one.holding(held, () -> {
                    holds.tryEmitEmpty();
                    return release.asMono();
                })
                .subscribe();
        holds.asMono().block(WAIT);

        String answer = other.holding(PostgresTestServer.newProject(), () -> Mono.just("ran"))
                .block(WAIT);

        assertThat(answer).isEqualTo("ran");
        release.tryEmitEmpty();
        holder.dispose();
    }

    @Test
    void aFailedOrCancelledHolderReleasesTheLock() {
        ProjectId project = PostgresTestServer.newProject();
        assertThatThrownBy(() -> one.holding(project, () -> Mono.error(new IllegalStateException("work failed")))
                        .block(WAIT))
                .hasMessageContaining("work failed");
        assertThat(other.holding(project, () -> Mono.just("after a failure")).block(WAIT))
                .isEqualTo("after a failure");

        Sinks.Empty<Void> holds = Sinks.empty();
        Disposable cancelled = one.holding(project, () -> {
                    holds.tryEmitEmpty();
                    return Mono.never();
                })
                .subscribe();
        holds.asMono().block(WAIT);
        cancelled.dispose();

        assertThat(other.holding(project, () -> Mono.just("after a cancel")).block(WAIT))
                .isEqualTo("after a cancel");
    }

    private static void awaitSteps(List<String> steps, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (steps.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
