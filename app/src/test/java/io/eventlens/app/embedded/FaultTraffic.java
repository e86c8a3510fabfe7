package io.eventlens.app.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.TestKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * Steady client traffic for {@link FaultLoopTests}: two senders post batches of events with ids they choose and record
 * every id the app acknowledged (a 200), a reader asks for the overview, a prober asks for readiness (storage and
 * Redis); all keep going through failures, and each notes when it first succeeded with a request sent after a given
 * moment.
 */
final class FaultTraffic implements AutoCloseable {

    static final String TYPE = "fault_loop";

    /** An acknowledged batch: its ids, when it was sent and when its answer came (nanoTime). */
    record Answered(List<UUID> ids, long sentAt, long answeredAt) {}

    private static final int SENDERS = 2;
    private static final int BATCH = 20;
    private static final Duration PACE = Duration.ofMillis(50);
    private static final JsonMapper JSON = new JsonMapper();
    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([A-Z_]+)\"");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final int port;
    private final Set<UUID> sent = ConcurrentHashMap.newKeySet();
    private final Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
    private final Queue<Answered> answered = new ConcurrentLinkedQueue<>();
    private final AtomicLong acknowledgedBatches = new AtomicLong();
    private final AtomicLong failedBatches = new AtomicLong();
    private final AtomicLong answeredReads = new AtomicLong();
    private final AtomicLong failedReads = new AtomicLong();
    /** How each failed request failed (status and error code, or the exception), with a count. */
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    /** Requests sent at or after this moment (nanoTime) count toward a recovery. */
    private volatile long since;

    private volatile boolean armed;
    private final AtomicLong ingestRecovered = new AtomicLong();
    private final AtomicLong readRecovered = new AtomicLong();
    private final AtomicLong readyRecovered = new AtomicLong();

    FaultTraffic(int port) {
        this.port = port;
        for (int i = 0; i < SENDERS; i++) {
            threads.add(Thread.ofVirtual().name("fault-sender-" + i).start(this::send));
        }
        threads.add(Thread.ofVirtual().name("fault-reader").start(this::read));
        threads.add(Thread.ofVirtual().name("fault-readiness").start(this::checkReadiness));
    }

    private void send() {
        while (running) {
            List<Map<String, Object>> batch = batch();
            batch.forEach(event -> sent.add(UUID.fromString((String) event.get("id"))));
            long at = System.nanoTime();
            boolean ok;
            try {
                HttpResponse<String> response = post("/v1/events", JSON.writeValueAsString(batch), TestKeys.INGEST);
                ok = response.statusCode() == 200;
                if (!ok) {
                    failed("ingest", response);
                }
            } catch (IOException e) {
                ok = false; // the app died or hung under this request: the batch stays unacknowledged
                failed("ingest", e);
            } catch (InterruptedException e) {
                return;
            }
            if (ok) {
                List<UUID> ids = batch.stream()
                        .map(event -> UUID.fromString((String) event.get("id")))
                        .toList();
                acknowledged.addAll(ids);
                answered.add(new Answered(ids, at, System.nanoTime()));
                acknowledgedBatches.incrementAndGet();
                recovered(ingestRecovered, at);
            } else {
                failedBatches.incrementAndGet();
            }
            pause();
        }
    }

    private void read() {
        while (running) {
            long at = System.nanoTime();
            boolean ok;
            try {
                HttpResponse<String> response =
                        post("/graphql", "{\"query\":\"{ overview { events } }\"}", TestKeys.READ);
                ok = response.statusCode() == 200
                        && response.body().contains("\"events\"")
                        && !response.body().contains("\"errors\"");
                if (!ok) {
                    failed("read", response);
                }
            } catch (IOException e) {
                ok = false;
                failed("read", e);
            } catch (InterruptedException e) {
                return;
            }
            if (ok) {
                answeredReads.incrementAndGet();
                recovered(readRecovered, at);
            } else {
                failedReads.incrementAndGet();
            }
            pause();
        }
    }

    private void failed(String what, HttpResponse<String> response) {
        Matcher code = CODE.matcher(response.body());
        count(what + " " + response.statusCode() + (code.find() ? " " + code.group(1) : ""));
    }

    private void failed(String what, Exception e) {
        count(what + " " + e.getClass().getSimpleName());
    }

    private void count(String failure) {
        failures.computeIfAbsent(failure, key -> new AtomicLong()).incrementAndGet();
    }

    /** How requests failed, most frequent first. */
    String failures() {
        return failures.entrySet().stream()
                .sorted(Map.Entry.comparingByValue(
                        java.util.Comparator.comparingLong(AtomicLong::get).reversed()))
                .map(entry -> entry.getKey() + ": " + entry.getValue())
                .toList()
                .toString();
    }

    /** Readiness covers storage and Redis: a Redis that stays dead shows here, though ingest and reads go on. */
    private void checkReadiness() {
        while (running) {
            long at = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(30))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    recovered(readyRecovered, at);
                }
            } catch (IOException e) {
                // the app is away: not ready
            } catch (InterruptedException e) {
                return;
            }
            pause();
        }
    }

    private void recovered(AtomicLong recovery, long sentAt) {
        if (armed && sentAt - since >= 0) {
            recovery.compareAndSet(0, System.nanoTime());
        }
    }

    /**
     * Waits until an ingest, a read and a readiness check sent after {@code ended} succeeded; returns how long after
     * {@code ended} the last of them was answered. Fails past the bound.
     */
    long recoveredAfter(long ended, Duration bound, String what) throws InterruptedException {
        ingestRecovered.set(0);
        readRecovered.set(0);
        readyRecovered.set(0);
        since = ended;
        armed = true;
        long deadline = ended + bound.toNanos();
        while (ingestRecovered.get() == 0 || readRecovered.get() == 0 || readyRecovered.get() == 0) {
            assertThat(System.nanoTime() - deadline)
                    .as(
                            "ingest (%s), reads (%s) and readiness (%s) recover within %s " + "after %s",
                            ingestRecovered.get() != 0,
                            readRecovered.get() != 0,
                            readyRecovered.get() != 0,
                            bound,
                            what)
                    .isNegative();
            Thread.sleep(10);
        }
        return Math.max(ingestRecovered.get(), Math.max(readRecovered.get(), readyRecovered.get())) - ended;
    }

    /** Waits until the app serves ingest and reads. */
    void awaitServing(Duration bound) throws InterruptedException {
        recoveredAfter(System.nanoTime(), bound, "the last fault");
    }

    void stop() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(40));
        }
    }

    Set<UUID> sent() {
        return sent;
    }

    Set<UUID> acknowledged() {
        return acknowledged;
    }

    /** The acknowledged batches, in the order their answers came (about). */
    Iterable<Answered> answered() {
        return answered;
    }

    long acknowledgedBatches() {
        return acknowledgedBatches.get();
    }

    long failedBatches() {
        return failedBatches.get();
    }

    long answeredReads() {
        return answeredReads.get();
    }

    long failedReads() {
        return failedReads.get();
    }

    private HttpResponse<String> post(String path, String body, String key) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("Authorization", TestKeys.bearer(key))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<Map<String, Object>> batch() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("id", new UUID(random.nextLong(), random.nextLong()).toString());
            event.put("type", TYPE);
            // Mostly within the last hour (sealed into rollups soon), some just now (written past the watermark).
            event.put("timestamp", now.minusMillis(random.nextInt(3_600_000)).toString());
            event.put("userId", "user-" + random.nextInt(50));
            batch.add(event);
        }
        return batch;
    }

    private static void pause() {
        try {
            Thread.sleep(PACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
