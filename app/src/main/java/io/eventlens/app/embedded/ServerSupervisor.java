package io.eventlens.app.embedded;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches an embedded server's process and, when it dies while the app runs (killed, crashed, stopped by hand),
 * starts it again on the same directory and port, so the app recovers by itself: its clients reconnect to the same
 * address. Nothing else would restart it; without this, every request needing it fails until the app restarts.
 *
 * <p>The server the context started stays the context's to stop; a server started here is stopped by {@link #close()},
 * which the context calls first (this bean depends on the server's).
 *
 * @param <S> the launcher's handle of a running server
 */
final class ServerSupervisor<S> implements AutoCloseable {

    /** Starts the server and gives its process; releases what a dead one still holds. */
    interface Launcher<S> {

        /** Starts the server on its directory and port. */
        S start() throws Exception;

        /** The server's main process. */
        ProcessHandle process(S server) throws Exception;

        /** Lets go of a server: stops it if it runs, releases its files and locks if it died. */
        void release(S server) throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(ServerSupervisor.class);

    private final String name;
    private final Launcher<S> launcher;
    private final Duration poll;
    private final ScheduledExecutorService watch;
    private S current;
    private ProcessHandle process;
    /** The server this supervisor started, if any: the context does not know it, so it is ours to stop. */
    private @Nullable S started;

    private boolean closed;
    private int restarts;

    ServerSupervisor(String name, Launcher<S> launcher, S server, Duration poll) throws Exception {
        this.name = name;
        this.launcher = launcher;
        this.poll = poll;
        this.current = server;
        this.process = launcher.process(server);
        this.watch = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .daemon()
                .name("embedded-" + name.toLowerCase(Locale.ROOT).replace(' ', '-') + "-supervisor")
                .factory());
        watch.scheduleWithFixedDelay(this::check, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How many times the server was started again. */
    synchronized int restarts() {
        return restarts;
    }

    private void check() {
        ProcessHandle watched;
        synchronized (this) {
            if (closed) {
                return;
            }
            watched = process;
        }
        if (ProcessExit.running(watched) || jvmStopping()) {
            // While the JVM stops, the servers' own shutdown hooks end them before the context closes this.
            return;
        }
        long died = System.nanoTime();
        log.warn(
                "Embedded {} (pid {}) is gone while EventLens runs; starting it again on the same port and data",
                name,
                watched.pid());
        for (int attempt = 1; ; attempt++) {
            synchronized (this) {
                if (closed || jvmStopping()) {
                    return;
                }
                try {
                    if (attempt == 1) {
                        launcher.release(current);
                    }
                    S server = launcher.start();
                    current = server;
                    started = server;
                    process = launcher.process(server);
                    restarts++;
                    log.warn(
                            "Embedded {} started again (pid {}) {} ms after pid {} was found gone",
                            name,
                            process.pid(),
                            (System.nanoTime() - died) / 1_000_000,
                            watched.pid());
                    return;
                } catch (Exception e) {
                    // Old backends may still hold its shared memory or port for a moment: try again shortly.
                    log.warn(
                            "Embedded {} could not start again (attempt {}): {}; trying again in {} ms",
                            name,
                            attempt,
                            e.getMessage(),
                            poll.toMillis());
                }
            }
            try {
                Thread.sleep(poll);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean jvmStopping() {
        Thread probe = new Thread(() -> {});
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true; // "Shutdown in progress"
        }
    }

    @Override
    public void close() throws Exception {
        watch.shutdownNow();
        S own;
        synchronized (this) {
            closed = true;
            own = started;
        }
        watch.awaitTermination(30, TimeUnit.SECONDS);
        if (own != null) {
            launcher.release(own);
        }
    }
}
