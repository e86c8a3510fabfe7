package io.eventlens.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Cheap tiles never wait behind scans (issue 19): times reads answered from rollups (Q1–Q3 in turn, one at a time)
 * alone, then again while {@code --scanners} clients keep asking reports that scan a month of raw events (a property
 * filter and a text match no rollup holds, each with a distinct threshold so no two share an execution or a cached
 * answer). Prints p50/p95/p99 of both runs, their ratio (the target: p95 at most doubles), and how the scans fared
 * (answered, refused with {@code OVERLOADED}, stopped with {@code READ_TIMEOUT}).
 *
 * <pre>
 * java -cp 'bench/target/bench.jar:bench/target/lib/*' io.eventlens.bench.ScanFloodBenchmark --url URL --key KEY \
 *      [--reads 600] [--warmup 300] [--scanners 8]
 * </pre>
 */
public final class ScanFloodBenchmark {

    private final GraphQl client;
    private final Options options;

    private ScanFloodBenchmark(Options options) {
        this.options = options;
        this.client = new GraphQl(options.text("url"), options.text("key"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, @Nullable String> defaults = new LinkedHashMap<>();
        defaults.put("url", "http://localhost:8080");
        defaults.put("key", null);
        defaults.put("reads", "600");
        defaults.put("warmup", "300");
        defaults.put("scanners", "8");
        new ScanFloodBenchmark(Options.parse(args, defaults)).run();
    }

    private void run() throws Exception {
        Rollups.awaitReady(client);
        int reads = options.integer("reads");
        for (int i = 0; i < options.integer("warmup"); i++) {
            cheapRead(i);
        }
        Latencies alone = timeCheapReads(reads);
        Flood flood = new Flood(options.integer("scanners"));
        flood.start();
        Latencies flooded;
        try {
            Thread.sleep(1_000); // every scanner has a scan in flight or waiting
            flooded = timeCheapReads(reads);
        } finally {
            flood.stop();
        }
        System.out.printf(
                Locale.ROOT,
                "%n## Scan flood: %d reads answered from rollups, alone and beside %d clients "
                        + "scanning raw events, %s%n%n",
                reads,
                options.integer("scanners"),
                Instant.now());
        System.out.println("| reads answered from rollups | p50 | p95 | p99 |");
        System.out.println("|---|---|---|---|");
        row("alone", alone);
        row("beside the scans", flooded);
        System.out.printf(
                Locale.ROOT,
                "%np95 beside the scans / p95 alone: %.2f (target: at most 2)%n",
                flooded.percentile(95) / alone.percentile(95));
        System.out.printf(
                Locale.ROOT,
                "scans meanwhile: %,d answered, %,d refused OVERLOADED, %,d stopped READ_TIMEOUT, "
                        + "%,d other errors%n",
                flood.answered.get(),
                flood.overloaded.get(),
                flood.timedOut.get(),
                flood.otherErrors.get());
    }

    private Latencies timeCheapReads(int reads) throws Exception {
        Latencies latencies = new Latencies();
        for (int i = 0; i < reads; i++) {
            long started = System.nanoTime();
            cheapRead(i);
            latencies.add(System.nanoTime() - started);
        }
        return latencies;
    }

    private void cheapRead(int i) throws Exception {
        DashboardQuestion question = DashboardQuestion.values()[i % DashboardQuestion.values().length];
        client.post(question.request(Instant.now().truncatedTo(ChronoUnit.MILLIS), false));
    }

    private static void row(String label, Latencies latencies) {
        System.out.printf(
                Locale.ROOT,
                "| %s | %.1f ms | %.1f ms | %.1f ms |%n",
                label,
                latencies.percentile(50),
                latencies.percentile(95),
                latencies.percentile(99));
    }

    /** Clients that keep asking scanning reports until stopped, counting how each ended. */
    private final class Flood {
        private final int scanners;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong threshold = new AtomicLong();
        private final AtomicLong answered = new AtomicLong();
        private final AtomicLong overloaded = new AtomicLong();
        private final AtomicLong timedOut = new AtomicLong();
        private final AtomicLong otherErrors = new AtomicLong();
        private final List<Thread> threads = new ArrayList<>();

        Flood(int scanners) {
            this.scanners = scanners;
        }

        void start() {
            for (int i = 0; i < scanners; i++) {
                threads.add(Thread.ofPlatform().name("scanner-" + i).start(this::scanUntilStopped));
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
        }

        private void scanUntilStopped() {
            while (running.get()) {
                Instant to = Instant.now();
                long distinct = threshold.incrementAndGet();
                String input = distinct % 2 == 0
                        ? "\"metrics\":[\"events\"],\"dimensions\":[\"page\"],\"filters\":[{\"dimension\":"
                                + "\"properties.duration_ms\",\"op\":\"GT\",\"values\":[\"" + distinct + "\"]}]"
                        : "\"metrics\":[\"events\",\"uniqueUsers\"],\"dimensions\":[\"browser\"],\"filters\":[{"
                                + "\"dimension\":\"page\",\"op\":\"CONTAINS\",\"values\":[\"/" + distinct + "\"]}]";
                String body = "{\"query\":\"query($input: ReportInput!) { report(input: $input) { totals } }\","
                        + "\"variables\":{\"input\":{" + input + ",\"from\":\"" + to.minus(30, ChronoUnit.DAYS)
                        + "\",\"to\":\"" + to + "\"}}}";
                try {
                    client.post(body);
                    answered.incrementAndGet();
                } catch (IllegalStateException e) {
                    String message = String.valueOf(e.getMessage());
                    (message.contains("OVERLOADED")
                                    ? overloaded
                                    : message.contains("READ_TIMEOUT") ? timedOut : otherErrors)
                            .incrementAndGet();
                    if (message.contains("OVERLOADED")) {
                        pause(); // as a client told to retry later would
                    }
                } catch (Exception e) {
                    otherErrors.incrementAndGet();
                }
            }
        }

        private void pause() {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
