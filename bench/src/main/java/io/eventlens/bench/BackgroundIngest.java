package io.eventlens.bench;

import io.eventlens.core.event.Event;
import io.eventlens.core.seed.EventGenerator;
import io.eventlens.core.seed.EventJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live traffic while a benchmark measures: realistic events stamped "now", posted to {@code /v1/events} at a steady
 * rate in batches every 100 ms (a dashboard's normal state: the fresh tail keeps growing and report caches of ranges
 * ending now keep ending). Runs on its own thread until closed, each batch sent without waiting for the one before;
 * a failed batch is counted, never retried.
 */
final class BackgroundIngest implements AutoCloseable {

    private static final Duration TICK = Duration.ofMillis(100);
    /** Batches awaiting their answer at most; one more is counted as failed instead of sent. */
    private static final int MAX_IN_FLIGHT = 50;

    private final GraphQl client;
    private final int eventsPerTick;
    private final int users;
    private final Thread thread;
    private final Latencies acknowledgements = new Latencies();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running = true;

    private BackgroundIngest(GraphQl client, int eventsPerSecond, int users) {
        this.client = client;
        this.eventsPerTick = Math.max(1, (int) (eventsPerSecond * TICK.toMillis() / 1000));
        this.users = users;
        this.thread = Thread.ofPlatform().name("background-ingest").daemon().unstarted(this::run);
    }

    /** Starts posting {@code eventsPerSecond} (nothing at 0). */
    static BackgroundIngest start(GraphQl client, int eventsPerSecond, int users) {
        BackgroundIngest ingest = new BackgroundIngest(client, eventsPerSecond, users);
        if (eventsPerSecond > 0) {
            ingest.thread.start();
        }
        return ingest;
    }

    private void run() {
        long seed = System.nanoTime();
        long next = System.nanoTime();
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(MAX_IN_FLIGHT);
        while (running) {
            List<Event> batch = new EventGenerator(seed++, Instant.now(), TICK, users)
                    .events(eventsPerTick)
                    .toList();
            // Sent without waiting for the previous answer, so a slow acknowledgement does not lower the rate.
            if (!inFlight.tryAcquire()) {
                failures.incrementAndGet(); // the server is this far behind: the batch is not sent
            } else {
                long started = System.nanoTime();
                client.ingestAsync(EventJson.array(batch)).whenComplete((body, error) -> {
                    inFlight.release();
                    if (error == null) {
                        acknowledgements.add(System.nanoTime() - started);
                        sent.addAndGet(batch.size());
                    } else {
                        failures.incrementAndGet();
                    }
                });
            }
            next += TICK.toNanos();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(wait));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
        inFlight.acquireUninterruptibly(MAX_IN_FLIGHT); // every batch sent is answered before the counts are read
    }

    long sent() {
        return sent.get();
    }

    long failures() {
        return failures.get();
    }

    Latencies acknowledgements() {
        return acknowledgements;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (thread.isAlive()) { // never started at a rate of 0
            thread.join(Duration.ofSeconds(30));
        }
    }
}
