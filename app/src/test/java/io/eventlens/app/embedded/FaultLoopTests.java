package io.eventlens.app.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.ChildJvm;
import io.eventlens.app.EventLensApplication;
import io.eventlens.app.TestKeys;
import io.eventlens.app.TestRun;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Faults injected in a loop while a client ingests and reads: {@code kill -9} of the app and a start on the same data
 * directory, PostgreSQL paused (SIGSTOP) past the storage timeouts, the embedded Redis killed, the embedded PostgreSQL's
 * postmaster killed, PostgreSQL stopped (SIGINT, as {@code pg_ctl stop} does), the data directory's disk full (where
 * the test may mount a small tmpfs: {@link SmallDisk}). After each the app must serve ingest and
 * reports and be ready (storage and Redis) again by itself within a bound (the time is measured and printed); at the
 * end every acknowledged event is stored exactly once and every built-in rollup holds exactly the raw events it covers.
 * Live subscribers ({@link FaultSubscribers}: an event stream and a live report) either keep delivering correct data
 * through each fault or end with a coded end, and subscribe again; none may hang silently.
 *
 * <p>One fault of each kind by default (about a minute); {@code -Deventlens.faults.rounds=20} runs the long loop,
 * {@code -Deventlens.faults.pause=8s} pauses PostgreSQL longer, {@code -Deventlens.faults.kinds=REDIS_KILLED,...}
 * injects only those, {@code -Deventlens.faults.dir} and
 * {@code -Deventlens.faults.port} (where to look for three free ports) place the data and ports.
 */
class FaultLoopTests {

    /** The faults, in the order each round injects them. */
    enum Fault {
        APP_KILLED,
        POSTGRES_PAUSED,
        REDIS_KILLED,
        POSTGRES_KILLED,
        POSTGRES_STOPPED,
        /** The data directory's file system filled to the last byte for the pause, then freed; needs a mount. */
        DISK_FULL
    }

    /** The data directory's own file system for DISK_FULL: room for the loop's data, small enough to fill at once. */
    private static final int DISK_MEGABYTES = 1024;

    private static final int ROUNDS = Integer.getInteger("eventlens.faults.rounds", 1);
    private static final List<Fault> FAULTS = Stream.of(System.getProperty(
                            "eventlens.faults.kinds",
                            String.join(
                                    ",",
                                    Stream.of(Fault.values()).map(Fault::name).toList()))
                    .split(","))
            .map(Fault::valueOf)
            .toList();
    private static final Duration PAUSE = Duration.parse("PT" + System.getProperty("eventlens.faults.pause", "6s"));
    /** Longest a recovery may take: a start under load takes 4-12 s on the 2-core machine, the rest far less. */
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(60);

    private final Path dataDir = Path.of(
                    System.getProperty("eventlens.faults.dir", "target/test-data/" + TestRun.ID),
                    "faults-" + UUID.randomUUID())
            .toAbsolutePath();
    private final List<Process> apps = new ArrayList<>();
    private final Map<Fault, List<Long>> recoveries = new EnumMap<>(Fault.class);
    /** The line the app must have logged by the time it recovered from the last fault, and how often before it. */
    private @Nullable String expectedLine;

    private long linesBefore;
    private @Nullable SmallDisk disk;
    private int http;
    private int postgres;
    private int redis;

    @Test
    void recoversFromEveryFaultByItselfAndStoresEachAcknowledgedEventOnce() throws Exception {
        int firstPort = Integer.getInteger("eventlens.faults.port", 0);
        http = freePort(firstPort);
        postgres = freePort(firstPort == 0 ? 0 : http + 1);
        redis = freePort(firstPort == 0 ? 0 : postgres + 1);
        long began = System.nanoTime();
        List<Fault> faults = new ArrayList<>(FAULTS);
        if (faults.contains(Fault.DISK_FULL)) {
            try {
                disk = SmallDisk.mount(dataDir, DISK_MEGABYTES);
            } catch (IOException e) {
                faults.remove(Fault.DISK_FULL);
                System.out.println("FaultLoopTests: DISK_FULL left out: " + e.getMessage());
            }
        }
        try {
            runLoop(faults, began);
        } finally {
            if (disk != null) {
                disk.close();
            }
        }
    }

    private void runLoop(List<Fault> faults, long began) throws Exception {
        Process app = start();
        try (FaultTraffic traffic = new FaultTraffic(http);
                FaultSubscribers live = new FaultSubscribers(traffic)) {
            traffic.awaitServing(RECOVERY_BOUND);
            live.open(http);
            for (int round = 1; round <= ROUNDS; round++) {
                for (Fault fault : faults) {
                    traffic.awaitServing(RECOVERY_BOUND);
                    long ended = switch (fault) {
                        case APP_KILLED -> {
                            app.destroyForcibly(); // SIGKILL
                            assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
                            long restart = System.nanoTime();
                            app = start();
                            yield restart;
                        }
                        case POSTGRES_PAUSED -> pausePostgres();
                        case REDIS_KILLED -> kill("KILL", redisServer(), "Embedded Redis started again");
                        case POSTGRES_KILLED -> kill("KILL", postmaster(), "Embedded PostgreSQL started again");
                        // What pg_ctl stop does (fast shutdown): clients are disconnected, the server ends cleanly.
                        case POSTGRES_STOPPED -> kill("INT", postmaster(), "Embedded PostgreSQL started again");
                        case DISK_FULL -> fillDisk();
                    };
                    long took = traffic.recoveredAfter(ended, RECOVERY_BOUND, fault + " in round " + round);
                    awaitExpectedLine(ended);
                    recoveries.computeIfAbsent(fault, key -> new ArrayList<>()).add(took / 1_000_000);
                    live.afterFault(fault, round, System.nanoTime());
                    assertThat(app.isAlive()).as("the app survives " + fault).isTrue();
                }
            }
            traffic.awaitServing(RECOVERY_BOUND);
            traffic.stop();
            live.atEnd(storedEvents());
            System.out.printf(
                    "FaultLoopTests: %d rounds in %d s; %d batches acknowledged, %d failed or unanswered, "
                            + "%d reads answered, %d failed; recovery ms per fault: %s; failures: %s%n",
                    ROUNDS,
                    (System.nanoTime() - began) / 1_000_000_000,
                    traffic.acknowledgedBatches(),
                    traffic.failedBatches(),
                    traffic.answeredReads(),
                    traffic.failedReads(),
                    summary(),
                    traffic.failures());
            assertThat(traffic.acknowledged()).as("acknowledged events").isNotEmpty();
            assertStoredOnce(traffic.sent(), traffic.acknowledged());
            assertRollupsEqualRawEvents();
            // A normal stop ends every server, those the supervisor started again too, and leaves no pid file
            // behind; it ends each live subscription with a complete.
            long stopping = System.nanoTime();
            app.destroy();
            assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();
            System.out.printf("FaultLoopTests: normal stop in %d ms%n", (System.nanoTime() - stopping) / 1_000_000);
            // Open WebSockets held the web server's graceful shutdown for its whole 20 s, while storage and
            // Redis were already stopping; now they are closed with 1001 once their subscriptions completed.
            assertThat(Files.readString(logOf(apps.size()), StandardCharsets.UTF_8))
                    .contains("Graceful shutdown complete")
                    .doesNotContain("Graceful shutdown aborted");
            live.afterStop();
            System.out.printf("FaultLoopTests: live subscriptions per fault: %s%n", live.outcomes());
            assertThat(live.findings())
                    .as("live subscriptions that hung, ended uncoded or delivered wrong data")
                    .isEmpty();
        }
        try (Stream<Path> files = Files.list(dataDir.resolve("redis"))) {
            assertThat(files.filter(file -> file.toString().endsWith(".pid")).toList())
                    .isEmpty();
        }
        assertThat(dataDir.resolve("postgres").resolve("postmaster.pid")).doesNotExist();
    }

    private long storedEvents() throws Exception {
        try (Connection connection = connect();
                PreparedStatement statement =
                        connection.prepareStatement("SELECT count(*) FROM events WHERE type = ?")) {
            statement.setString(1, FaultTraffic.TYPE);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Every acknowledged event is stored once; nothing sent is stored twice; nothing is stored that was not sent. */
    private void assertStoredOnce(Set<UUID> sent, Set<UUID> acknowledged) throws Exception {
        Map<UUID, Integer> stored = new HashMap<>();
        try (Connection connection = connect();
                PreparedStatement statement =
                        connection.prepareStatement("SELECT id, count(*) FROM events WHERE type = ? GROUP BY id")) {
            statement.setString(1, FaultTraffic.TYPE);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    stored.put(rows.getObject(1, UUID.class), rows.getInt(2));
                }
            }
        }
        Set<UUID> lost = new HashSet<>(acknowledged);
        lost.removeAll(stored.keySet());
        assertThat(lost)
                .as("acknowledged events lost (of %d)", acknowledged.size())
                .isEmpty();
        assertThat(stored.entrySet().stream()
                        .filter(entry -> entry.getValue() != 1)
                        .toList())
                .as("events stored more than once")
                .isEmpty();
        assertThat(sent).as("stored events that were sent").containsAll(stored.keySet());
        System.out.printf(
                "FaultLoopTests: %d events acknowledged, %d stored (%d of them unacknowledged: their answer "
                        + "was lost to a fault), 0 lost, 0 duplicates%n",
                acknowledged.size(), stored.size(), stored.size() - acknowledged.size());
    }

    /**
     * Each built-in rollup's event count per bucket equals the raw events in that bucket, counted here, over what the
     * rollup covers (from its coverage start, or everything, up to the project's watermark). One snapshot for both.
     */
    private void assertRollupsEqualRawEvents() throws Exception {
        try (Connection connection = connect()) {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setAutoCommit(false);
            String project =
                    single(connection, "SELECT DISTINCT project_id FROM events WHERE type = ?", FaultTraffic.TYPE);
            OffsetDateTime watermark = OffsetDateTime.parse(single(
                    connection,
                    "SELECT to_char(watermark AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') "
                            + "FROM rollup_watermarks WHERE project_id = ?",
                    project));
            List<OffsetDateTime> events = new ArrayList<>();
            try (PreparedStatement statement =
                    connection.prepareStatement("SELECT ts FROM events WHERE project_id = ?")) {
                statement.setString(1, project);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        events.add(rows.getObject(1, OffsetDateTime.class));
                    }
                }
            }
            int checked = 0;
            try (PreparedStatement statement = connection.prepareStatement("SELECT r.name, r.id, r.grain_seconds, "
                    + "c.covered_from FROM rollups r JOIN rollup_coverage c ON c.rollup_id = r.id AND c.project_id = ? "
                    + "WHERE r.project_id IS NULL")) {
                statement.setString(1, project);
                try (ResultSet rollups = statement.executeQuery()) {
                    while (rollups.next()) {
                        OffsetDateTime from = rollups.getObject(4, OffsetDateTime.class);
                        long grain = rollups.getLong(3);
                        Map<Long, Long> expected = new TreeMap<>();
                        events.stream()
                                .filter(ts -> ts.isBefore(watermark) && (from == null || !ts.isBefore(from)))
                                .forEach(ts -> {
                                    long seconds = ts.toEpochSecond();
                                    expected.merge(seconds - Math.floorMod(seconds, grain), 1L, Long::sum);
                                });
                        assertThat(rolledUp(connection, rollups.getInt(2), project))
                                .as(
                                        "rollup %s per bucket against the raw events below %s",
                                        rollups.getString(1), watermark)
                                .isEqualTo(expected);
                        checked++;
                    }
                }
            }
            assertThat(checked).as("built-in rollups checked").isPositive();
            connection.rollback();
        }
    }

    private static Map<Long, Long> rolledUp(Connection connection, int rollup, String project) throws Exception {
        Map<Long, Long> buckets = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT extract(epoch FROM bucket)::bigint, "
                + "sum(events)::bigint FROM rollup_rows WHERE rollup_id = ? AND project_id = ? GROUP BY 1")) {
            statement.setInt(1, rollup);
            statement.setString(2, project);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    buckets.put(rows.getLong(1), rows.getLong(2));
                }
            }
        }
        return buckets;
    }

    private static String single(Connection connection, String sql, String parameter) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).as(sql).isTrue();
                String value = rows.getString(1);
                assertThat(rows.next()).as("one row: " + sql).isFalse();
                return value;
            }
        }
    }

    /** Fills the data directory's file system while traffic goes on, for the pause; returns once it is freed. */
    private long fillDisk() throws Exception {
        SmallDisk full = java.util.Objects.requireNonNull(disk);
        // The log must say what to do, not only that storage failed (SQLSTATE 53100 alone did before).
        expectedLine = "the disk holding PostgreSQL's data is full";
        linesBefore = count(logOf(apps.size()), expectedLine);
        long megabytes = full.fill();
        System.out.printf("FaultLoopTests: disk full (%d MB written to fill it)%n", megabytes);
        Thread.sleep(PAUSE);
        full.free();
        return System.nanoTime();
    }

    /** SIGSTOP of the postmaster and every backend, then SIGCONT after the pause; returns when they run again. */
    private long pausePostgres() throws Exception {
        ProcessHandle postmaster = postmaster();
        // The postmaster first, so that it forks nothing that would escape the stop.
        List<ProcessHandle> paused = new ArrayList<>(List.of(postmaster));
        signal("STOP", List.of(postmaster));
        List<ProcessHandle> backends = postmaster.children().toList();
        signal("STOP", backends);
        paused.addAll(backends);
        Thread.sleep(PAUSE);
        signal("CONT", paused);
        return System.nanoTime();
    }

    /** A signal that ends an embedded server; once the app recovered, its log must say the server started again. */
    private long kill(String signal, ProcessHandle server, String restarted) throws Exception {
        expectedLine = restarted;
        linesBefore = count(logOf(apps.size()), restarted);
        signal(signal, List.of(server));
        return System.nanoTime();
    }

    /** Waits for the line (readiness may see a restarted server before the supervisor logs it); fails past the bound. */
    private void awaitExpectedLine(long ended) throws Exception {
        if (expectedLine != null) {
            Path log = logOf(apps.size());
            while (count(log, expectedLine) <= linesBefore) {
                assertThat(System.nanoTime() - ended - RECOVERY_BOUND.toNanos())
                        .as("'%s' in %s", expectedLine, log)
                        .isNegative();
                Thread.sleep(20);
            }
            expectedLine = null;
        }
    }

    private static long count(Path log, String text) throws IOException {
        String content = Files.readString(log, StandardCharsets.UTF_8);
        return content.split(java.util.regex.Pattern.quote(text), -1).length - 1;
    }

    private static void signal(String signal, List<ProcessHandle> processes) throws Exception {
        if (processes.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        processes.forEach(process -> command.add(Long.toString(process.pid())));
        Process kill = new ProcessBuilder(command).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    private ProcessHandle postmaster() throws IOException {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).orElseThrow();
    }

    private ProcessHandle redisServer() throws IOException {
        try (Stream<Path> files = Files.list(dataDir.resolve("redis"))) {
            Path pidFile = files.filter(file -> file.getFileName().toString().startsWith("redis-" + redis + "-"))
                    .filter(file -> file.getFileName().toString().endsWith(".pid"))
                    .findFirst()
                    .orElseThrow();
            return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
                    .orElseThrow();
        }
    }

    private Path logOf(int start) {
        return dataDir.resolveSibling(dataDir.getFileName() + "-start-" + start + ".log");
    }

    /** Starts the app in a child JVM on the embedded defaults and waits until it serves. */
    private Process start() throws Exception {
        Path log = logOf(apps.size() + 1);
        List<String> arguments = new ArrayList<>(List.of(
                "--eventlens.data-dir=" + dataDir,
                "--server.port=" + http,
                "--eventlens.embedded-postgres.port=" + postgres,
                "--eventlens.embedded-redis.port=" + redis,
                "--eventlens.limits.ingest-events-per-second=1000000",
                // Under -pl app -am the ClickHouse module's test classes (with a logback-test.xml at WARN) are on
                // the classpath: the line this test waits for must be logged all the same.
                "--logging.level.io.eventlens.app.EventLensApplication=INFO"));
        arguments.addAll(List.of(TestKeys.arguments()));
        Process app = ChildJvm.start(
                log,
                List.of("-XX:TieredStopAtLevel=1", "-Xmx512m"),
                EventLensApplication.class,
                arguments.toArray(String[]::new));
        apps.add(app);
        ChildJvm.awaitLine(app, log, "Started EventLensApplication", Duration.ofSeconds(90));
        return app;
    }

    private String summary() {
        StringBuilder text = new StringBuilder();
        recoveries.forEach((fault, times) -> {
            List<Long> sorted = times.stream().sorted().toList();
            text.append(fault)
                    .append(" n=")
                    .append(sorted.size())
                    .append(" min=")
                    .append(sorted.getFirst())
                    .append(" median=")
                    .append(sorted.get(sorted.size() / 2))
                    .append(" max=")
                    .append(sorted.getLast())
                    .append("; ");
        });
        return text.toString();
    }

    @AfterEach
    void endWhatIsLeft() throws Exception {
        for (Process app : apps) {
            app.destroy();
            if (!app.waitFor(60, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
        if (Files.isDirectory(dataDir.resolve("redis"))) {
            EmbeddedRedisLauncher.stopOrphanedServers(dataDir.resolve("redis"));
        }
        Path postmaster = dataDir.resolve("postgres").resolve("postmaster.pid");
        if (Files.exists(postmaster)) {
            long pid = Long.parseLong(Files.readAllLines(postmaster).getFirst().strip());
            ProcessHandle.of(pid)
                    .filter(process -> process.info().command().orElse("").contains("postgres"))
                    .ifPresent(process -> {
                        signalQuietly("CONT", process);
                        process.descendants().forEach(backend -> signalQuietly("CONT", backend));
                        process.destroy();
                        process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
                    });
        }
    }

    private static void signalQuietly(String signal, ProcessHandle process) {
        try {
            signal(signal, List.of(process));
        } catch (Exception | AssertionError e) {
            // best effort: the server may be gone already
        }
    }

    private Connection connect() throws java.sql.SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + postgres + "/eventlens", EmbeddedPostgresLauncher.SUPERUSER, "");
    }

    /** A port free now: any ({@code 0}), or the first from {@code from} on (it may be an ephemeral one in use). */
    private static int freePort(int from) throws IOException {
        for (int port = from; ; port++) {
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return probe.getLocalPort();
            } catch (IOException e) {
                if (from == 0 || port > from + 100) {
                    throw e;
                }
            }
        }
    }
}
