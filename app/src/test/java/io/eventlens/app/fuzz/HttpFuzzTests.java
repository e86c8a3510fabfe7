package io.eventlens.app.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensAppTest;
import io.eventlens.app.access.Client;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fuzzes {@code /graphql}, {@code /v1/events}, Segment's calls, the website tracker's beacons and preflights, and the
 * CSV export with seeded random and mutated requests: no answer
 * is a 5xx, every request is answered in time, the app stays responsive, well-formed requests still succeed, every
 * acknowledged well-formed event is stored (once), and no client error logs a stack trace.
 *
 * <p>A short run is part of the suite; a long one: {@code -Deventlens.fuzz.inputs=100000}. A failure prints its seed;
 * {@code -Deventlens.fuzz.seed=<seed>} generates the same requests again, and {@code -Deventlens.fuzz.only=<i>,<j>}
 * sends only those of them.
 */
@EventLensAppTest
@ExtendWith(OutputCaptureExtension.class)
class HttpFuzzTests {

    private static final int DEFAULT_INPUTS = 1_000;
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(15);
    private static final Duration PROBE_WITHIN = Duration.ofSeconds(5);
    private static final int PROBE_EVERY = 250;
    private static final JsonMapper JSON = new JsonMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    @LocalServerPort
    int port;

    @Test
    void noRequestGetsA5xxOrHangsAndNothingWellFormedIsLost(CapturedOutput output) throws Exception {
        long seed = Long.getLong("eventlens.fuzz.seed", System.nanoTime());
        int inputs = Integer.getInteger("eventlens.fuzz.inputs", DEFAULT_INPUTS);
        int concurrency = Integer.getInteger("eventlens.fuzz.concurrency", 2);
        // Replays chosen inputs of a run: all are generated (so each comes out the same), only these are sent.
        Set<Integer> only = Arrays.stream(
                        System.getProperty("eventlens.fuzz.only", "").split(","))
                .filter(index -> !index.isBlank())
                .map(index -> Integer.valueOf(index.strip()))
                .collect(Collectors.toSet());
        String replay = "-Deventlens.fuzz.seed=" + seed + " -Deventlens.fuzz.inputs=" + inputs
                + " -Deventlens.fuzz.concurrency=" + concurrency;
        System.out.println("HttpFuzzTests: seed " + seed + ", " + inputs + " inputs (replay with " + replay + ")");
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        FuzzProject project = new FuzzProject(new Client(port), "fuzz-" + Long.toHexString(seed));
        FuzzKeys keys = project.keys();
        EventBatches events = new EventBatches(random, keys, JSON);
        GraphQlRequests graphQl = new GraphQlRequests(events);
        CsvRequests csv = new CsvRequests(events);
        OddRequests odd = new OddRequests(events);
        SegmentRequests segment = new SegmentRequests(events);
        CollectRequests collect = new CollectRequests(events);

        warmUpTheUserAgentRules(keys);

        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
        Map<Integer, Integer> statuses = new ConcurrentSkipListMap<>();
        AtomicInteger unsendable = new AtomicInteger();
        // Requests are generated in order from the seed; only how the workers interleave them varies.
        Semaphore inFlight = new Semaphore(concurrency);
        long started = System.nanoTime();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < inputs && failures.size() < 20; i++) {
                int pick = random.nextInt(100);
                FuzzRequest request = pick < 40
                        ? graphQl.next()
                        : pick < 65
                                ? events.next()
                                : pick < 75
                                        ? segment.next()
                                        : pick < 85 ? collect.next() : pick < 95 ? csv.next() : odd.next();
                int index = i;
                if (!only.isEmpty() && !only.contains(index)) {
                    continue;
                }
                inFlight.acquire();
                workers.execute(() -> {
                    try {
                        check(index, request, failures, acknowledged, statuses, unsendable);
                    } finally {
                        inFlight.release();
                    }
                });
                if (i % PROBE_EVERY == PROBE_EVERY - 1) {
                    probe(keys, failures, i);
                }
                if (i % 10_000 == 9_999) {
                    System.out.printf("HttpFuzzTests: %d inputs sent, %d failures%n", i + 1, failures.size());
                }
            }
        }
        probe(keys, failures, inputs);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                "HttpFuzzTests: %d inputs in %.1f s, statuses %s, %d not sendable, %d events " + "acknowledged%n",
                inputs, seconds, statuses, unsendable.get(), acknowledged.size());

        if (!failures.isEmpty()) {
            Path report = Path.of("target", "fuzz-failures-" + seed + ".txt");
            Files.write(report, failures);
            System.out.println("HttpFuzzTests: failures written to " + report.toAbsolutePath());
        }
        assertThat(failures).as("seed %d (replay with %s)", seed, replay).isEmpty();
        List<UUID> stored = project.storedWellFormed();
        assertThat(stored).as("seed %d: no event stored twice", seed).doesNotHaveDuplicates();
        assertThat(stored)
                .as("seed %d: every acknowledged event is stored", seed)
                .containsAll(acknowledged);
        assertThat(output.getAll()).as("seed %d: no stack trace logged", seed).doesNotContain("\tat ");
    }

    /** Sends one request and checks its answer. */
    private void check(
            int index,
            FuzzRequest request,
            List<String> failures,
            Set<UUID> acknowledged,
            Map<Integer, Integer> statuses,
            AtomicInteger unsendable) {
        Answer answer;
        try {
            answer = send(request, ANSWER_WITHIN);
        } catch (IllegalArgumentException e) {
            unsendable.incrementAndGet(); // the client itself refuses such a header or method
            return;
        } catch (HttpTimeoutException e) {
            failures.add("#" + index + " no answer within " + ANSWER_WITHIN + ": " + request.describe());
            return;
        } catch (IOException e) {
            failures.add("#" + index + " connection failed (" + e + "): " + request.describe());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        statuses.merge(answer.status(), 1, Integer::sum);
        if (answer.status() >= 500) {
            failures.add(
                    "#" + index + " answered " + answer.status() + " " + answer.body() + ": " + request.describe());
        } else if (request.valid()) {
            String refusal = refusal(request, answer);
            if (refusal != null) {
                failures.add("#" + index + " a well-formed request failed (" + refusal + "): " + request.describe());
            } else {
                acknowledged.addAll(request.events());
            }
        }
    }

    /** Why a well-formed request, sent with a fitting key, did not succeed; null when it did. */
    private static @Nullable String refusal(FuzzRequest request, Answer answer) {
        if (answer.status() != 200) {
            return "status " + answer.status() + " " + answer.body();
        }
        if (request.pathAndQuery().startsWith("/v1/reports.csv")) {
            return null;
        }
        JsonNode body = JSON.readTree(answer.body());
        if (request.pathAndQuery().equals("/graphql")) {
            if (!body.path("errors").isMissingNode() && !body.path("errors").isEmpty()) {
                return "errors " + body.path("errors");
            }
            JsonNode ingest = body.path("data").path("ingest");
            if (!ingest.isMissingNode()
                    && ingest.path("accepted").asInt()
                                    + ingest.path("duplicates").asInt()
                            != request.events().size()) {
                return "ingest " + ingest;
            }
            return null;
        }
        if (request.pathAndQuery().startsWith("/v1/collect")) {
            // Every beacon event is taken: stored, found stored, or dropped on purpose and counted as such.
            int sent = JSON.readTree(request.body()).path("events").size();
            int taken = body.path("accepted").asInt()
                    + body.path("duplicates").asInt()
                    + body.path("dropped").asInt();
            return taken == sent ? null : "only " + taken + " of " + sent + " events taken: " + answer.body();
        }
        // POST /v1/events and Segment's calls: each well-formed event is stored (or found stored), whatever its
        // neighbours hold.
        int stored = body.path("accepted").asInt() + body.path("duplicates").asInt();
        return stored >= request.events().size()
                ? null
                : "only " + stored + " of " + request.events().size() + " well-formed events stored: " + answer.body();
    }

    /**
     * The first beacon from a browser loads the User-Agent rules (seconds of CPU, more on a loaded machine; by design
     * only once an instance collects from browsers): a cold start, not what {@link #ANSWER_WITHIN} is about.
     */
    private void warmUpTheUserAgentRules(FuzzKeys keys) throws IOException, InterruptedException {
        FuzzRequest beacon = new FuzzRequest(
                "POST",
                "/v1/collect?key=" + keys.browser(),
                List.of(
                        Map.entry("Origin", CollectRequests.ORIGIN),
                        Map.entry("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"),
                        Map.entry("Content-Type", "text/plain")),
                "{\"events\":[{\"n\":\"fuzz_warm_up\",\"u\":\"https://shop.example/\"}]}"
                        .getBytes(StandardCharsets.UTF_8),
                true,
                List.of());
        assertThat(send(beacon, Duration.ofSeconds(120)).status()).isEqualTo(200);
    }

    /** The app still answers a plain query quickly. */
    private void probe(FuzzKeys keys, List<String> failures, int after) {
        FuzzRequest overview = new FuzzRequest(
                "POST",
                "/graphql",
                List.of(
                        Map.entry("Authorization", "Bearer " + keys.read()),
                        Map.entry("Content-Type", "application/json")),
                "{\"query\":\"{ overview { events } }\"}".getBytes(StandardCharsets.UTF_8),
                true,
                List.of());
        try {
            Answer answer = send(overview, PROBE_WITHIN);
            if (answer.status() != 200 || !answer.body().contains("\"events\"")) {
                failures.add("after #" + after + " the app answered a plain query with " + answer.status() + " "
                        + answer.body());
            }
        } catch (IOException | InterruptedException e) {
            failures.add("after #" + after + " the app did not answer a plain query within " + PROBE_WITHIN + ": " + e);
        }
    }

    private Answer send(FuzzRequest request, Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + request.pathAndQuery()))
                .timeout(timeout)
                .method(
                        request.method(),
                        request.body().length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(header -> builder.header(header.getKey(), header.getValue()));
        HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    /** A status and body. */
    private record Answer(int status, String body) {}
}
