package io.eventlens.app.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.ChildJvm;
import io.eventlens.app.EventLensApplication;
import io.eventlens.app.TestKeys;
import io.eventlens.app.TestRun;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code kill -9} of the app while it ingests, then a start on the same data directory, ten times in a row: every
 * start succeeds (the embedded PostgreSQL and Redis left behind are ended and their ports taken over), and every
 * acknowledged event is stored exactly once; resending every batch, answered or not, stores each event once. The
 * same for the seed command, killed halfway.
 */
class CrashRestartTests {

    private static final int CRASHES = 10;
    private static final int SENDERS = 3;
    private static final int BATCH = 20;
    private static final int SEED_EVENTS = 50_000;
    private static final String TYPE = "crash_restart";
    private static final JsonMapper JSON = new JsonMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path dataDir = Path.of("target", "test-data", TestRun.ID, "crash-" + UUID.randomUUID())
            .toAbsolutePath();
    private final List<Process> apps = new ArrayList<>();

    @Test
    void startsAfterEveryKillUnderIngestAndStoresEachAcknowledgedEventOnce() throws Exception {
        long seed = Long.getLong("eventlens.crash.seed", System.nanoTime());
        System.out.println("CrashRestartTests seed " + seed + " (replay with -Deventlens.crash.seed=" + seed + ")");
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        // Fixed ports, as a user has them (54329, 63790): an orphan holding one would make the next start fail.
        int http = freePort();
        int postgres = freePort();
        int redis = freePort();
        List<List<Map<String, Object>>> sent = new CopyOnWriteArrayList<>();
        Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();

        for (int crash = 1; crash <= CRASHES; crash++) {
            Process app = start(crash, http, postgres, redis);
            int minimum = 2 + random.nextInt(4);
            ingestUntilKilled(app, http, random, minimum, sent, acknowledged);
            assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        Process last = start(CRASHES + 1, http, postgres, redis);
        Map<UUID, Integer> stored = storedCounts(postgres);
        assertThat(acknowledged).as("acknowledged events").hasSizeGreaterThanOrEqualTo(CRASHES * 2 * BATCH);
        assertThat(stored).as("every acknowledged event is stored").containsKeys(acknowledged.toArray(UUID[]::new));
        assertThat(stored.values()).as("no event is stored twice").allMatch(count -> count == 1);

        // The retry a client does after a crash: every batch again, whether it was answered or not.
        for (List<Map<String, Object>> batch : sent) {
            HttpResponse<String> response = post(http, batch);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode result = JSON.readTree(response.body());
            assertThat(result.path("accepted").asInt()
                            + result.path("duplicates").asInt())
                    .isEqualTo(batch.size());
        }
        Map<UUID, Integer> afterRetry = storedCounts(postgres);
        List<UUID> sentIds = sent.stream()
                .flatMap(List::stream)
                .map(event -> UUID.fromString((String) event.get("id")))
                .toList();
        assertThat(afterRetry.keySet()).containsExactlyInAnyOrderElementsOf(sentIds);
        assertThat(afterRetry.values()).allMatch(count -> count == 1);

        // A normal stop leaves nothing running behind.
        last.destroy();
        assertThat(last.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(redisPidFiles()).isEmpty();
        assertThat(dataDir.resolve("postgres").resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    void aSeedKilledHalfwayLeavesNothingThatStopsTheNextOne() throws Exception {
        int postgres = freePort();
        String[] seed = {
            "seed",
            "--events",
            Integer.toString(SEED_EVENTS),
            "--seed",
            "21",
            "--days",
            "3",
            "--eventlens.data-dir=" + dataDir,
            "--eventlens.embedded-postgres.port=" + postgres
        };
        Path firstLog = dataDir.resolveSibling(dataDir.getFileName() + "-seed-1.log");
        Process first = ChildJvm.start(firstLog, List.of("-XX:TieredStopAtLevel=1"), EventLensApplication.class, seed);
        apps.add(first);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (committedRows(postgres) == 0) {
            assertThat(first.isAlive()).as("the seed runs, see " + firstLog).isTrue();
            assertThat(System.nanoTime() - deadline)
                    .as("rows committed in time, see " + firstLog)
                    .isNegative();
            Thread.sleep(20);
        }
        assertThat(first.isAlive()).as("killed halfway, not after it finished").isTrue();
        first.destroyForcibly();
        first.waitFor(30, TimeUnit.SECONDS);
        List<Path> left = redisPidFiles();
        assertThat(left).as("the killed seed left its Redis running").hasSize(1);
        long orphan = Long.parseLong(Files.readString(left.getFirst()).strip());
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).hasValue(true);

        Path secondLog = dataDir.resolveSibling(dataDir.getFileName() + "-seed-2.log");
        Process second =
                ChildJvm.start(secondLog, List.of("-XX:TieredStopAtLevel=1"), EventLensApplication.class, seed);
        apps.add(second);
        assertThat(second.waitFor(120, TimeUnit.SECONDS))
                .as("the second seed ends, see " + secondLog)
                .isTrue();
        assertThat(second.exitValue())
                .as("the second seed succeeds, see " + secondLog)
                .isZero();

        ProcessHandle.of(orphan)
                .ifPresent(process ->
                        process.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        assertThat(redisPidFiles()).isEmpty();
        assertThat(dataDir.resolve("postgres").resolve("postmaster.pid")).doesNotExist();
        // The same seed gives the same ids: whatever the killed run stored, each event is there once.
        try (var server = EmbeddedPostgresLauncher.start(
                        dataDir.resolve("postgres"),
                        new EmbeddedPostgresProperties(postgres, "eventlens", Duration.ofSeconds(60)));
                Connection connection = server.getDatabase(EmbeddedPostgresLauncher.SUPERUSER, "eventlens")
                        .getConnection();
                Statement statement = connection.createStatement();
                ResultSet counts = statement.executeQuery("SELECT count(*), count(DISTINCT id) FROM events")) {
            counts.next();
            assertThat(counts.getLong(1)).isEqualTo(SEED_EVENTS);
            assertThat(counts.getLong(2)).isEqualTo(SEED_EVENTS);
        }
    }

    /** Rows in the events table of the PostgreSQL on the port; 0 while it is not up yet. */
    private static long committedRows(int postgres) {
        try (Connection connection = connect(postgres);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM events")) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException e) {
            return 0;
        }
    }

    /** Starts the app in a child JVM and waits until it serves; fails the test if it does not start. */
    private Process start(int attempt, int http, int postgres, int redis) throws Exception {
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-start-" + attempt + ".log");
        List<String> arguments = new ArrayList<>(List.of(
                "--eventlens.data-dir=" + dataDir,
                "--server.port=" + http,
                "--eventlens.embedded-postgres.port=" + postgres,
                "--eventlens.embedded-redis.port=" + redis,
                "--eventlens.limits.ingest-events-per-second=1000000"));
        arguments.addAll(List.of(TestKeys.arguments()));
        // C1 only: the app starts ~30% faster, which is all this test times.
        Process app = ChildJvm.start(
                log,
                List.of("-XX:TieredStopAtLevel=1", "-Xmx512m"),
                EventLensApplication.class,
                arguments.toArray(String[]::new));
        apps.add(app);
        ChildJvm.awaitLine(app, log, "Started EventLensApplication", Duration.ofSeconds(90));
        return app;
    }

    /**
     * Senders post batches of fresh events until at least {@code minimum} batches were acknowledged, then, after a
     * random moment, the app is killed with batches in flight. A batch counts as acknowledged only on a 200.
     */
    private static void ingestUntilKilled(
            Process app,
            int http,
            RandomGenerator random,
            int minimum,
            List<List<Map<String, Object>>> sent,
            Set<UUID> acknowledged)
            throws Exception {
        AtomicInteger answered = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            senders.add(Thread.ofVirtual().start(() -> {
                while (!killed.get()) {
                    List<Map<String, Object>> batch;
                    synchronized (random) {
                        batch = batch(random);
                    }
                    sent.add(batch);
                    try {
                        HttpResponse<String> response = post(http, batch);
                        if (response.statusCode() == 200) {
                            batch.forEach(event -> acknowledged.add(UUID.fromString((String) event.get("id"))));
                            answered.incrementAndGet();
                        }
                    } catch (IOException e) {
                        return; // the app died under this request: the batch stays unacknowledged
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (answered.get() < minimum && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(answered.get()).as("batches acknowledged before the kill").isGreaterThanOrEqualTo(minimum);
        int moment;
        synchronized (random) {
            moment = random.nextInt(150);
        }
        Thread.sleep(moment);
        app.destroyForcibly(); // SIGKILL
        killed.set(true);
        for (Thread sender : senders) {
            sender.join(Duration.ofSeconds(20));
        }
    }

    private static List<Map<String, Object>> batch(RandomGenerator random) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("id", new UUID(random.nextLong(), random.nextLong()).toString());
            event.put("type", TYPE);
            event.put("timestamp", now.minusSeconds(random.nextInt(86_400)).toString());
            event.put("userId", "user-" + random.nextInt(50));
            batch.add(event);
        }
        return batch;
    }

    private static HttpResponse<String> post(int port, List<Map<String, Object>> batch)
            throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/events"))
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/json")
                        .header("Authorization", TestKeys.bearer(TestKeys.INGEST))
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(batch)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** How many rows each of this test's event ids has, read from PostgreSQL itself. */
    private static Map<UUID, Integer> storedCounts(int postgres) throws Exception {
        Map<UUID, Integer> counts = new HashMap<>();
        try (Connection connection = connect(postgres);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT id, count(*) FROM events WHERE type = '" + TYPE + "' GROUP BY id")) {
            while (rows.next()) {
                counts.put(rows.getObject(1, UUID.class), rows.getInt(2));
            }
        }
        return counts;
    }

    private List<Path> redisPidFiles() throws IOException {
        Path directory = dataDir.resolve("redis");
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".pid"))
                    .toList();
        }
    }

    @AfterEach
    void endWhatIsLeft() throws Exception {
        for (Process app : apps) {
            app.destroyForcibly();
            app.waitFor(30, TimeUnit.SECONDS);
        }
        LeftBehindServers.stop(dataDir);
    }

    private static Connection connect(int postgres) throws java.sql.SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + postgres + "/eventlens", EmbeddedPostgresLauncher.SUPERUSER, "");
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
