package io.eventlens.bench;

import io.eventlens.core.event.Event;
import io.eventlens.core.seed.EventGenerator;
import io.eventlens.core.seed.EventJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Live traffic while a benchmark measures: realistic events stamped "now", posted to {@code /v1/events} at a steady
 * rate in batches every 100 ms (a dashboard's normal state: the fresh tail keeps growing and report caches of ranges
 * ending now keep ending). Each batch is sent without waiting for the one before; a failed batch is counted, never
 * retried.
 *
 * <p>The traffic runs in a JVM of its own on the same cores, as a tracker or pipeline posting events is another
 * process than the dashboard reading them. Inside the measuring JVM it shared the readers' HTTP client (one selector
 * thread, its 28 KB uploads ahead of their answers) and its event generation's garbage collections paused them: both
 * were counted as read latency (docs/benchmarks.md, 2026-12-07).
 */
final class BackgroundIngest implements AutoCloseable {

    private static final Duration TICK = Duration.ofMillis(100);
    /** Batches awaiting their answer at most; one more is counted as failed instead of sent. */
    private static final int MAX_IN_FLIGHT = 50;
    /** The API key reaches the child in its environment, not on its command line where {@code ps} shows it. */
    private static final String KEY_VARIABLE = "EVENTLENS_BENCH_KEY";
    /** The child's one line of results on its standard output, after the traffic stopped. */
    private static final String RESULT = "background-ingest-result";

    private final @Nullable Process child;
    private boolean closed;
    private long sent;
    private long failures;
    private double acknowledgementP50 = Double.NaN;
    private double acknowledgementP99 = Double.NaN;

    private BackgroundIngest(@Nullable Process child) {
        this.child = child;
    }

    /**
     * Starts posting {@code eventsPerSecond} from a child JVM (nothing at 0), each event with an id of its own (random,
     * as most SDKs make them) or, with {@code ids} false, none (the server makes time-ordered ones).
     */
    static BackgroundIngest start(String url, String key, int eventsPerSecond, int users, boolean ids)
            throws IOException {
        if (eventsPerSecond <= 0) {
            return new BackgroundIngest(null);
        }
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        BackgroundIngest.class.getName(),
                        url,
                        String.valueOf(eventsPerSecond),
                        String.valueOf(users),
                        String.valueOf(ids))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put(KEY_VARIABLE, key);
        return new BackgroundIngest(builder.start());
    }

    /** The child: posts until its standard input closes, then prints what it achieved. */
    public static void main(String[] args) throws Exception {
        Traffic traffic = new Traffic(
                new GraphQl(args[0], System.getenv(KEY_VARIABLE)),
                Integer.parseInt(args[1]),
                Integer.parseInt(args[2]),
                Boolean.parseBoolean(args[3]));
        Thread thread = Thread.ofPlatform().name("background-ingest").start(traffic::run);
        System.in.transferTo(OutputStream.nullOutputStream()); // returns when the parent closes it, or dies
        traffic.running = false;
        thread.join();
        System.out.printf(
                Locale.ROOT,
                "%s %d %d %.3f %.3f%n",
                RESULT,
                traffic.sent.get(),
                traffic.failures.get(),
                traffic.acknowledgements.percentile(50),
                traffic.acknowledgements.percentile(99));
    }

    long sent() {
        return sent;
    }

    long failures() {
        return failures;
    }

    double acknowledgementP50() {
        return acknowledgementP50;
    }

    double acknowledgementP99() {
        return acknowledgementP99;
    }

    /** Stops the traffic, waits for every batch sent to be answered and reads the child's counts. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (child == null || closed) {
            return;
        }
        closed = true;
        child.getOutputStream().close();
        try (BufferedReader output =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                if (line.startsWith(RESULT + " ")) {
                    String[] fields = line.split(" ");
                    sent = Long.parseLong(fields[1]);
                    failures = Long.parseLong(fields[2]);
                    acknowledgementP50 = Double.parseDouble(fields[3]);
                    acknowledgementP99 = Double.parseDouble(fields[4]);
                }
            }
        }
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new IllegalStateException("the background ingest did not stop within 60 s");
        }
        if (child.exitValue() != 0) {
            throw new IllegalStateException("the background ingest failed (exit " + child.exitValue() + ")");
        }
    }

    /** The posting loop, in the child. */
    private static final class Traffic {

        private final GraphQl client;
        private final int eventsPerTick;
        private final int users;
        private final boolean ids;
        private final Latencies acknowledgements = new Latencies();
        private final AtomicLong sent = new AtomicLong();
        private final AtomicLong failures = new AtomicLong();
        private volatile boolean running = true;

        Traffic(GraphQl client, int eventsPerSecond, int users, boolean ids) {
            this.client = client;
            this.ids = ids;
            this.eventsPerTick = Math.max(1, (int) (eventsPerSecond * TICK.toMillis() / 1000));
            this.users = users;
        }

        void run() {
            long seed = System.nanoTime();
            long next = System.nanoTime();
            Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
            while (running) {
                List<Event> batch = new EventGenerator(seed++, Instant.now(), TICK, users)
                        .events(eventsPerTick)
                        .toList();
                // Sent without waiting for the previous answer, so a slow acknowledgement does not lower the rate.
                if (!inFlight.tryAcquire()) {
                    failures.incrementAndGet(); // the server is this far behind: the batch is not sent
                } else {
                    long started = System.nanoTime();
                    client.ingestAsync(EventJson.array(batch, true, ids)).whenComplete((body, error) -> {
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
    }
}
