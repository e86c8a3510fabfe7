package io.eventlens.app.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The supervisor with a real process as its server ({@code sleep}): a killed server is started again, a start that
 * fails is tried again until it succeeds, a paused (SIGSTOP) server is left alone, and closing stops the server it
 * started. The embedded PostgreSQL and Redis under it are covered by {@link FaultLoopTests}.
 */
class ServerSupervisorTests {

    private static final Duration POLL = Duration.ofMillis(50);

    private final List<Process> processes = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();

    private final ServerSupervisor.Launcher<Process> sleeper = new ServerSupervisor.Launcher<>() {
        @Override
        public Process start() throws Exception {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("port in use");
            }
            Process process = new ProcessBuilder("sleep", "600").start();
            processes.add(process);
            return process;
        }

        @Override
        public ProcessHandle process(Process server) {
            return server.toHandle();
        }

        @Override
        public void release(Process server) throws Exception {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    };

    @Test
    void startsAKilledServerAgainUntilAStartSucceedsAndStopsItOnClose() throws Exception {
        Process first = sleeper.start();
        try (ServerSupervisor<Process> supervisor = new ServerSupervisor<>("Sleeper", sleeper, first, POLL)) {
            failuresLeft.set(2);
            first.destroyForcibly();
            awaitRestarts(supervisor, 1);
            assertThat(failuresLeft.get())
                    .as("two failed starts were tried again")
                    .isNegative();
            Process second = processes.getLast();
            assertThat(second.isAlive()).isTrue();

            second.destroyForcibly();
            awaitRestarts(supervisor, 2);
            assertThat(processes).hasSize(3);
        }
        assertThat(processes.getLast().waitFor(10, TimeUnit.SECONDS))
                .as("closing stops the server it started")
                .isTrue();
    }

    @Test
    void leavesAPausedServerAlone() throws Exception {
        Process first = sleeper.start();
        try (ServerSupervisor<Process> supervisor = new ServerSupervisor<>("Sleeper", sleeper, first, POLL)) {
            new ProcessBuilder("kill", "-STOP", Long.toString(first.pid()))
                    .start()
                    .waitFor();
            Thread.sleep(POLL.multipliedBy(10));
            new ProcessBuilder("kill", "-CONT", Long.toString(first.pid()))
                    .start()
                    .waitFor();
            assertThat(supervisor.restarts()).isZero();
            assertThat(processes).containsExactly(first);
        }
        assertThat(first.isAlive())
                .as("the context's own server is the context's to stop")
                .isTrue();
    }

    private static void awaitRestarts(ServerSupervisor<Process> supervisor, int restarts) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (supervisor.restarts() < restarts) {
            assertThat(System.nanoTime() - deadline).as("restarted within 10 s").isNegative();
            Thread.sleep(10);
        }
    }

    @AfterEach
    void stopAll() {
        processes.forEach(Process::destroyForcibly);
    }
}
