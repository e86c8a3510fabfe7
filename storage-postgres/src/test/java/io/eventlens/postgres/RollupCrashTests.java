package io.eventlens.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.rollup.Rollup;
import io.eventlens.core.seed.EventGenerator;
import io.eventlens.core.storage.contract.ReportAssertions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.HllUnion;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;
import reactor.test.StepVerifier;

/**
 * Rollups survive a crash: a child JVM ingests fresh, late and repeated events while sealing and backfilling, and is
 * killed with SIGKILL mid-write. Once refreshed, every default rollup holds exactly what its definition says of the
 * raw events that were stored (recomputed here in Java), its member sets are exactly each row's distinct users and
 * sessions (by the numbers the dictionary gave them, which every event carries), its sketches estimate them within
 * the documented bound, and no acknowledged write is missing.
 */
class RollupCrashTests {

    private static final long SEED = 77;
    private static final int HISTORY_EVENTS = 6_000;

    /** A rollup row's key: bucket start (epoch seconds) and the values of the rollup's columns in column order. */
    private record Key(long bucket, List<@Nullable String> values) {}

    /** What a rollup row holds, recomputed: events, revenue, distinct users and sessions. */
    private static final class Expected {
        long events;
        BigDecimal revenue = BigDecimal.ZERO;
        final Set<String> users = new HashSet<>();
        final Set<String> sessions = new HashSet<>();
    }

    /** A raw event as stored, with the columns default rollups keep. */
    private record Stored(
            UUID id,
            Instant timestamp,
            Map<EventColumn, @Nullable String> columns,
            @Nullable Double revenue) {}

    @Test
    void rollupsHoldExactlyTheStoredEventsAfterAKillMidWrite(@TempDir Path directory) throws Exception {
        PostgresTestServer server = PostgresTestServer.shared();
        ProjectId project = PostgresTestServer.newProject();
        // History the child's upkeep backfills while it writes: nothing of it is in a rollup yet.
        Instant historyEnd = Instant.now().minus(Duration.ofHours(1));
        var batches = new EventGenerator(SEED, historyEnd, Duration.ofDays(20), 1_000).batches(HISTORY_EVENTS, 2_000);
        while (batches.hasNext()) {
            List<Event> batch = batches.next();
            server.storage()
                    .write(project, batch)
                    .as(StepVerifier::create)
                    .assertNext(result -> assertThat(result.inserted()).isEqualTo(batch.size()))
                    .verifyComplete();
        }

        Path log = directory.resolve("child.log");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        RollupCrashChild.class.getName(),
                        "localhost",
                        Integer.toString(server.settings().port()),
                        server.settings().database(),
                        server.settings().username(),
                        project.value(),
                        Long.toString(SEED))
                .redirectErrorStream(true)
                .start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofPlatform().name("child-output").start(() -> {
            try (BufferedReader output =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // The pipe closes when the child dies: everything it printed before has been read.
            }
        });
        try {
            // Kill only once the child has written, sealed, backfilled and compacted, then a little later.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!(count(lines, "ack ") >= 6
                            && count(lines, "sealed ") >= 1
                            && count(lines, "backfilled true") >= 1
                            && count(lines, "compacted ") >= 1)
                    && child.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(child.isAlive())
                    .as("child still running, output:%n%s", String.join("\n", lines))
                    .isTrue();
            Thread.sleep(1_500 + new java.util.Random().nextInt(1_500));
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
            Files.write(log, lines);
        }
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        assertThat(lines)
                .as("child output, see %s", log)
                .noneMatch(line -> line.startsWith("write failed")
                        || line.startsWith("upkeep failed")
                        || line.contains("Exception"));
        Set<Integer> acknowledged = new HashSet<>();
        lines.stream()
                .filter(line -> line.startsWith("ack "))
                .forEach(line ->
                        acknowledged.add(Integer.parseInt(line.substring(4).trim())));

        long refreshing = System.nanoTime();
        server.storage().rollups().refresh(project).as(StepVerifier::create).verifyComplete();
        System.err.printf(
                "RollupCrashTests: killed after %d acknowledged batches, %d seals, %d backfill steps "
                        + "(%d with history left), %d compactions; refresh after the crash took %d ms%n",
                acknowledged.size(),
                count(lines, "sealed "),
                count(lines, "backfilled "),
                count(lines, "backfilled true"),
                count(lines, "compacted "),
                (System.nanoTime() - refreshing) / 1_000_000);

        try (Connection connection = DriverManager.getConnection(
                server.settings().jdbcUrl(),
                server.settings().username(),
                server.settings().password())) {
            List<Stored> events = events(connection, project);
            Set<UUID> ids = new HashSet<>();
            events.forEach(event -> ids.add(event.id()));
            assertThat(ids).as("ids are unique").hasSize(events.size());
            List<UUID> missing = new ArrayList<>();
            for (int batch : acknowledged) {
                for (int i = 0; i < RollupCrashChild.NEW_PER_BATCH; i++) {
                    UUID id = RollupCrashChild.id(SEED, batch, i);
                    if (!ids.contains(id)) {
                        missing.add(id);
                    }
                }
            }
            assertThat(missing)
                    .as("acknowledged events missing after the crash (%d batches acknowledged)", acknowledged.size())
                    .isEmpty();
            assertThat(events.size())
                    .as("stored events: history and acknowledged batches at least")
                    .isGreaterThanOrEqualTo(HISTORY_EVENTS + acknowledged.size() * RollupCrashChild.NEW_PER_BATCH);

            // Once refreshed, each rollup holds exactly the events below the watermark (the child also wrote a few
            // seconds into the future: those wait for the next seal).
            Instant watermark = watermark(connection, project);
            List<Stored> held = events.stream()
                    .filter(event -> event.timestamp().isBefore(watermark))
                    .toList();
            assertThat(events.size() - held.size())
                    .as("events after the watermark")
                    .isLessThan(events.size() / 10);
            Map<String, Integer> rollupIds = coverage(connection, project);
            Map<String, Integer> users = numbers(connection, project, MemberNumbers.USER);
            Map<String, Integer> sessions = numbers(connection, project, MemberNumbers.SESSION);
            assertThat(numbersOfEvents(connection, project, users, sessions))
                    .as("events whose member numbers are not their ids' numbers")
                    .isZero();
            for (Rollup rollup : PostgresRollups.BUILT_IN) {
                Map<Key, Expected> expected = expected(rollup, held);
                assertRows(rollup, expected, rows(connection, rollupIds.get(rollup.name()), rollup, project));
                if (rollup.keepsMembers()) {
                    assertMemberSets(
                            rollup,
                            expected,
                            memberSets(connection, rollupIds.get(rollup.name()), rollup, project),
                            users,
                            sessions);
                }
                if (rollup.keepsSketches()) {
                    assertSketches(
                            rollup, expected, sketches(connection, rollupIds.get(rollup.name()), rollup, project));
                }
            }
        }
    }

    private static long count(List<String> lines, String prefix) {
        return lines.stream().filter(line -> line.startsWith(prefix)).count();
    }

    // ---- the expectation, from raw events only ----

    private static Map<Key, Expected> expected(Rollup rollup, List<Stored> events) {
        long grain = rollup.grainSeconds();
        List<EventColumn> columns = rollup.orderedColumns();
        Map<Key, Expected> rows = new HashMap<>();
        for (Stored event : events) {
            long seconds = event.timestamp().getEpochSecond();
            List<@Nullable String> values = new ArrayList<>();
            columns.forEach(column -> values.add(event.columns().get(column)));
            Expected row = rows.computeIfAbsent(
                    new Key(seconds - Math.floorMod(seconds, grain), values), key -> new Expected());
            row.events++;
            if (event.revenue() != null) {
                row.revenue = row.revenue.add(new BigDecimal(Double.toString(event.revenue())));
            }
            String user = event.columns().get(EventColumn.USER_ID);
            if (user != null) {
                row.users.add(user);
            }
            String session = event.columns().get(EventColumn.SESSION_ID);
            if (session != null) {
                row.sessions.add(session);
            }
        }
        return rows;
    }

    private static void assertRows(Rollup rollup, Map<Key, Expected> expected, Map<Key, double[]> actual) {
        Set<Key> extra = new HashSet<>(actual.keySet());
        extra.removeAll(expected.keySet());
        Set<Key> absent = new HashSet<>(expected.keySet());
        absent.removeAll(actual.keySet());
        assertThat(extra).as("%s: rows without events", rollup.name()).isEmpty();
        assertThat(absent).as("%s: events without rows", rollup.name()).isEmpty();
        List<String> wrong = new ArrayList<>();
        expected.forEach((key, row) -> {
            double[] values = actual.get(key);
            double revenue = row.revenue.doubleValue();
            if (values[0] != row.events || Math.abs(values[1] - revenue) > 1e-6 * Math.max(1, Math.abs(revenue))) {
                wrong.add(key + ": rollup " + values[0] + " events, " + values[1] + " revenue; raw " + row.events + ", "
                        + revenue);
            }
        });
        assertThat(wrong)
                .as("%s: rows that differ from the raw events", rollup.name())
                .isEmpty();
    }

    private static void assertSketches(Rollup rollup, Map<Key, Expected> expected, Map<Key, HllUnion[]> sketches) {
        assertThat(sketches.keySet()).as("%s: sketch keys", rollup.name()).isEqualTo(expected.keySet());
        List<String> wrong = new ArrayList<>();
        expected.forEach((key, row) -> {
            HllUnion[] union = sketches.get(key);
            check(wrong, key + " users", union[0].getEstimate(), row.users.size());
            check(wrong, key + " sessions", union[1].getEstimate(), row.sessions.size());
        });
        assertThat(wrong).as("%s: estimates beyond the bound", rollup.name()).isEmpty();
    }

    private static void assertMemberSets(
            Rollup rollup,
            Map<Key, Expected> expected,
            Map<Key, RoaringBitmap[]> sets,
            Map<String, Integer> users,
            Map<String, Integer> sessions) {
        assertThat(sets.keySet()).as("%s: member set keys", rollup.name()).isEqualTo(expected.keySet());
        List<String> wrong = new ArrayList<>();
        expected.forEach((key, row) -> {
            RoaringBitmap[] union = sets.get(key);
            RoaringBitmap expectedUsers = new RoaringBitmap();
            row.users.forEach(user -> expectedUsers.add(users.get(user)));
            RoaringBitmap expectedSessions = new RoaringBitmap();
            row.sessions.forEach(session -> expectedSessions.add(sessions.get(session)));
            if (!union[0].equals(expectedUsers) || !union[1].equals(expectedSessions)) {
                wrong.add(key + ": members " + union[0].getCardinality() + " users, " + union[1].getCardinality()
                        + " sessions; raw " + expectedUsers.getCardinality() + ", "
                        + expectedSessions.getCardinality());
            }
        });
        assertThat(wrong)
                .as("%s: member sets that differ from the raw events", rollup.name())
                .isEmpty();
    }

    private static void check(List<String> wrong, String what, double estimate, long exact) {
        if (Math.abs(estimate - exact) > 1 + ReportAssertions.ESTIMATE_BOUND * exact) {
            wrong.add(what + ": estimate " + estimate + ", exact " + exact);
        }
    }

    // ---- what PostgreSQL holds ----

    private static List<Stored> events(Connection connection, ProjectId project) throws Exception {
        List<Stored> events = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT id, ts, type, country, device, "
                + "user_id, session_id, revenue FROM events WHERE project_id = ?")) {
            statement.setString(1, project.value());
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    Map<EventColumn, @Nullable String> columns = new java.util.EnumMap<>(EventColumn.class);
                    columns.put(EventColumn.TYPE, row.getString("type"));
                    columns.put(EventColumn.COUNTRY, row.getString("country"));
                    columns.put(EventColumn.DEVICE, row.getString("device"));
                    columns.put(EventColumn.USER_ID, row.getString("user_id"));
                    columns.put(EventColumn.SESSION_ID, row.getString("session_id"));
                    double revenue = row.getDouble("revenue");
                    Double stored = row.wasNull() ? null : revenue;
                    events.add(new Stored(
                            row.getObject("id", UUID.class),
                            row.getObject("ts", OffsetDateTime.class).toInstant(),
                            columns,
                            stored));
                }
            }
        }
        return events;
    }

    private static Instant watermark(Connection connection, ProjectId project) throws Exception {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT watermark FROM rollup_watermarks WHERE project_id = ?")) {
            statement.setString(1, project.value());
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).as("the project has a watermark").isTrue();
                return row.getObject(1, OffsetDateTime.class).toInstant();
            }
        }
    }

    /** The built-in rollups' ids, asserting each holds the whole history once refreshed. */
    private static Map<String, Integer> coverage(Connection connection, ProjectId project) throws Exception {
        Map<String, Integer> ids = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT r.name, r.id, c.covered_from, "
                + "c.project_id IS NOT NULL FROM rollups r LEFT JOIN rollup_coverage c ON c.rollup_id = r.id "
                + "AND c.project_id = ? WHERE r.project_id IS NULL")) {
            statement.setString(1, project.value());
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    assertThat(row.getBoolean(4))
                            .as("%s has coverage", row.getString(1))
                            .isTrue();
                    assertThat(row.getObject(3))
                            .as("%s covers the whole history", row.getString(1))
                            .isNull();
                    ids.put(row.getString(1), row.getInt(2));
                }
            }
        }
        assertThat(ids.keySet())
                .containsAll(PostgresRollups.BUILT_IN.stream().map(Rollup::name).toList());
        return ids;
    }

    private static final List<String> KEY_COLUMNS =
            List.of("type", "country", "device", "browser", "os", "page", "referrer", "user_id", "session_id");

    private static String column(EventColumn column) {
        return switch (column) {
            case USER_ID -> "user_id";
            case SESSION_ID -> "session_id";
            default -> column.publicName();
        };
    }

    private static Map<Key, double[]> rows(Connection connection, int rollupId, Rollup rollup, ProjectId project)
            throws Exception {
        Map<Key, double[]> rows = new HashMap<>();
        // Rollup rows are append-only until compacted: a key's rows sum to its counts.
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT bucket, " + String.join(", ", KEY_COLUMNS)
                        + ", sum(events) AS events, sum(revenue) AS revenue FROM rollup_rows WHERE rollup_id = ? "
                        + "AND project_id = ? GROUP BY bucket, " + String.join(", ", KEY_COLUMNS))) {
            statement.setInt(1, rollupId);
            statement.setString(2, project.value());
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    Key key = key(row, rollup);
                    assertThat(rows.put(key, new double[] {row.getLong("events"), row.getDouble("revenue")}))
                            .as("%s: one row per key", rollup.name())
                            .isNull();
                }
            }
        }
        return rows;
    }

    private static Map<Key, RoaringBitmap[]> memberSets(
            Connection connection, int rollupId, Rollup rollup, ProjectId project) throws Exception {
        Map<Key, RoaringBitmap[]> sets = new HashMap<>();
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT bucket, " + String.join(", ", KEY_COLUMNS.subList(0, 7))
                        + ", users, sessions FROM rollup_members WHERE rollup_id = ? "
                        + "AND project_id = ?")) {
            statement.setInt(1, rollupId);
            statement.setString(2, project.value());
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    RoaringBitmap[] union = sets.computeIfAbsent(
                            key(row, rollup), key -> new RoaringBitmap[] {new RoaringBitmap(), new RoaringBitmap()});
                    union[0].or(deserialize(row.getBytes("users")));
                    union[1].or(deserialize(row.getBytes("sessions")));
                }
            }
        }
        return sets;
    }

    private static RoaringBitmap deserialize(byte[] bytes) throws Exception {
        RoaringBitmap set = new RoaringBitmap();
        set.deserialize(java.nio.ByteBuffer.wrap(bytes));
        return set;
    }

    /** The dictionary: each user (or session) id of the project and its number. */
    private static Map<String, Integer> numbers(Connection connection, ProjectId project, short kind) throws Exception {
        Map<String, Integer> numbers = new HashMap<>();
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT value, no FROM members WHERE project_id = ? AND kind = ?")) {
            statement.setString(1, project.value());
            statement.setShort(2, kind);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    assertThat(numbers.put(row.getString(1), row.getInt(2)))
                            .as("one number per id")
                            .isNull();
                }
            }
        }
        assertThat(new HashSet<>(numbers.values())).as("numbers are unique").hasSize(numbers.size());
        return numbers;
    }

    /** How many events carry other member numbers than the dictionary's for their ids. */
    private static long numbersOfEvents(
            Connection connection, ProjectId project, Map<String, Integer> users, Map<String, Integer> sessions)
            throws Exception {
        long wrong = 0;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT user_id, user_no, session_id, session_no FROM events WHERE project_id = ?")) {
            statement.setString(1, project.value());
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    if (!java.util.Objects.equals(
                                    row.getObject(2), row.getString(1) == null ? null : users.get(row.getString(1)))
                            || !java.util.Objects.equals(
                                    row.getObject(4),
                                    row.getString(3) == null ? null : sessions.get(row.getString(3)))) {
                        wrong++;
                    }
                }
            }
        }
        return wrong;
    }

    private static Map<Key, HllUnion[]> sketches(Connection connection, int rollupId, Rollup rollup, ProjectId project)
            throws Exception {
        Map<Key, HllUnion[]> sketches = new HashMap<>();
        List<String> keyColumns = KEY_COLUMNS.subList(0, 7);
        try (PreparedStatement statement = connection.prepareStatement("SELECT bucket, " + String.join(", ", keyColumns)
                + ", users, sessions FROM rollup_sketches WHERE rollup_id = ? AND project_id = ?")) {
            statement.setInt(1, rollupId);
            statement.setString(2, project.value());
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    HllUnion[] union = sketches.computeIfAbsent(key(row, rollup), key ->
                            new HllUnion[] {new HllUnion(DistinctSketches.LG_K), new HllUnion(DistinctSketches.LG_K)});
                    union[0].update(HllSketch.heapify(row.getBytes("users")));
                    union[1].update(HllSketch.heapify(row.getBytes("sessions")));
                }
            }
        }
        return sketches;
    }

    /** The row's key; columns the rollup does not keep must be NULL. */
    private static Key key(ResultSet row, Rollup rollup) throws Exception {
        long bucket = row.getObject("bucket", OffsetDateTime.class).toEpochSecond();
        List<@Nullable String> values = new ArrayList<>();
        for (EventColumn column : rollup.orderedColumns()) {
            values.add(row.getString(column(column)));
        }
        for (EventColumn column : Arrays.stream(EventColumn.values())
                .filter(c -> !rollup.columns().contains(c))
                .toList()) {
            if (hasColumn(row, column(column))) {
                assertThat(row.getString(column(column)))
                        .as("%s keeps no %s", rollup.name(), column)
                        .isNull();
            }
        }
        return new Key(bucket, values);
    }

    private static boolean hasColumn(ResultSet row, String name) throws Exception {
        var meta = row.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            if (meta.getColumnName(i).equals(name)) {
                return true;
            }
        }
        return false;
    }
}
