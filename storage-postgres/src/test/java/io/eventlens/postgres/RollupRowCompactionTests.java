package io.eventlens.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.rollup.Rollup;
import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Rollup rows are append-only: every write of late events adds rows for the keys it touches, and compaction merges a
 * key's rows into one. Reports sum a key's rows, so the sums must be the raw events' before and after compaction.
 */
class RollupRowCompactionTests {

    private final PostgresTestServer server = PostgresTestServer.shared();
    private final PostgresEventStorage storage = server.storage();
    private final PostgresDatabase database = server.database();
    private final ProjectId project = PostgresTestServer.newProject();

    @Test
    void lateWritesAppendRowsAndCompactionMergesThemWithoutChangingASum() {
        Map<String, String> expected = lateWritesOverThreeDays(1, 30);

        assertThat(rowsPerKeyAtMost("rollup_rows")).as("writes append rows").isGreaterThan(1);
        assertThat(dailySums()).isEqualTo(expected);

        int merged = Objects.requireNonNull(
                        storage.rollups().compaction().compact(project, 10_000).block())
                .keys();
        assertThat(merged).isPositive();
        assertThat(rowsPerKeyAtMost("rollup_rows"))
                .as("one row per key after compaction")
                .isEqualTo(1);
        assertThat(dailySums()).isEqualTo(expected);
    }

    /**
     * History is swept a day at a time in passes of at most the key limit until every day is merged, not one pass of
     * the limit per full-compaction tick (which left a bulk seed's rows uncompacted for hours).
     */
    @Test
    void theHistorySweepMergesEveryDayInPassesOfTheKeyLimit() {
        Map<String, String> expected = lateWritesOverThreeDays(2, 60);
        assertThat(dailySums()).isEqualTo(expected);
        // Earlier today (yesterday before 03:00 UTC): outside a minute rollup's frequent window, inside the sweep's.
        Instant earlierToday = Instant.now().minus(Duration.ofHours(3));
        for (int batch = 0; batch < 3; batch++) {
            storage.write(project, List.of(event(earlierToday, "view", 100))).block();
        }
        Map<String, String> sums = dailySums();
        assertThat(keys("rollup_rows")).as("more keys than a few passes take").isGreaterThan(100);
        RollupMaintenance maintenance = new RollupMaintenance(storage.rollups(), Duration.ofSeconds(1), 10);

        int ticks = 0;
        do {
            maintenance.compact(project, ticks++).block();
        } while (maintenance.sweeping(project) && ticks < 1_000);

        assertThat(maintenance.sweeping(project)).as("the sweep ended").isFalse();
        for (String table : List.of("rollup_rows", "rollup_members", "rollup_sketches")) {
            assertThat(rowsPerKeyAtMost(table))
                    .as("one row per key of %s", table)
                    .isEqualTo(1);
        }
        assertThat(dailySums()).isEqualTo(sums);
    }

    /**
     * The frequent compaction merges each rollup's rows from the bucket its grain puts the edge in, and only the
     * rollups due: rows of a minute rollup before the edge's minute, and a daily rollup that is not due, keep theirs.
     */
    @Test
    void theRecentCompactionGivesEachGrainItsOwnWindow() {
        Instant now = Instant.now();
        registerWithHistory(now);
        Instant recent = now.minus(Duration.ofMinutes(20));
        Instant earlier = now.minus(Duration.ofHours(3));
        for (int batch = 0; batch < 3; batch++) {
            storage.write(project, List.of(event(recent, "view", 100), event(earlier, "view", 200)))
                    .block();
        }
        Instant edge = now.minus(Duration.ofHours(1));
        PartialRowCompaction compaction = storage.rollups().compaction();

        compaction
                .compactRecent(project, 10_000, edge, rollup -> rollup.grain().compareTo(Duration.ofDays(1)) < 0)
                .block();
        Map<String, Long> rows = rowsPerKeyAtMostByRollupAndBucket();
        for (Rollup rollup : PostgresRollups.BUILT_IN) {
            boolean daily = rollup.grain().equals(Duration.ofDays(1));
            for (Instant at : List.of(recent, earlier)) {
                boolean inWindow = !bucket(rollup, at).isBefore(bucket(rollup, edge));
                assertThat(rows.get(rollup.name() + " " + bucket(rollup, at)))
                        .as("%s at %s", rollup.name(), at)
                        .isEqualTo(inWindow && !daily ? 1L : 3L);
            }
        }

        compaction.compactRecent(project, 10_000, edge, rollup -> true).block();
        rows = rowsPerKeyAtMostByRollupAndBucket();
        for (Rollup rollup : PostgresRollups.BUILT_IN) {
            for (Instant at : List.of(recent, earlier)) {
                boolean inWindow = !bucket(rollup, at).isBefore(bucket(rollup, edge));
                assertThat(rows.get(rollup.name() + " " + bucket(rollup, at)))
                        .as("%s at %s, daily rollups due", rollup.name(), at)
                        .isEqualTo(inWindow ? 1L : 3L);
            }
        }
    }

    /**
     * Every frequent tick merges today's rows of the daily rollups that reports over ranges ending now read; only a
     * daily rollup keyed by users (a row per member) waits for its own, less frequent tick.
     */
    @Test
    void dailyRollupsKeyedByUsersAloneWaitForTheirTick() {
        Instant now = Instant.now();
        registerWithHistory(now);
        Instant recent = now.minus(Duration.ofMinutes(20));
        for (int batch = 0; batch < 3; batch++) {
            storage.write(project, List.of(event(recent, "view", 100))).block();
        }
        RollupMaintenance maintenance = new RollupMaintenance(storage.rollups(), Duration.ofSeconds(1));
        List<Rollup> daily = PostgresRollups.BUILT_IN.stream()
                .filter(rollup -> rollup.grain().equals(Duration.ofDays(1)))
                .toList();
        assertThat(daily).extracting(Rollup::name).contains("type_1d", "type_user_1d");

        maintenance
                .compact(project, RollupMaintenance.RECENT_COMPACTION_EVERY_TICKS)
                .block();
        Map<String, Long> rows = rowsPerKeyAtMostByRollupAndBucket();
        for (Rollup rollup : daily) {
            boolean byUser = rollup.columns().contains(EventColumn.USER_ID);
            assertThat(rows.get(rollup.name() + " " + bucket(rollup, recent)))
                    .as("%s on a frequent tick", rollup.name())
                    .isEqualTo(byUser ? 3L : 1L);
        }

        maintenance
                .compact(project, RollupMaintenance.MEMBER_DAYS_COMPACTION_EVERY_TICKS)
                .block();
        rows = rowsPerKeyAtMostByRollupAndBucket();
        for (Rollup rollup : daily) {
            assertThat(rows.get(rollup.name() + " " + bucket(rollup, recent)))
                    .as("%s on its own tick", rollup.name())
                    .isEqualTo(1L);
        }
    }

    /** The start of the rollup's row an instant falls in, counted here: whole grains since the epoch. */
    private static Instant bucket(Rollup rollup, Instant at) {
        long seconds = at.getEpochSecond();
        return Instant.ofEpochSecond(
                seconds - Math.floorMod(seconds, rollup.grain().toSeconds()));
    }

    /** Per rollup and bucket, the most rows a key of the project has there. */
    private Map<String, Long> rowsPerKeyAtMostByRollupAndBucket() {
        return byKey(
                "SELECT name, bucket, max(n) FROM (SELECT d.name, r.bucket, count(*) AS n "
                        + "FROM rollup_rows r JOIN rollups d ON d.id = r.rollup_id WHERE r.project_id = $1 "
                        + "GROUP BY d.name, r.bucket, type, country, device, browser, os, page, referrer, "
                        + "user_id, session_id) k GROUP BY name, bucket",
                row -> Map.entry(
                        row.get(0, String.class) + " "
                                + Objects.requireNonNull(row.get(1, OffsetDateTime.class))
                                        .toInstant(),
                        Objects.requireNonNull(row.get(2, Long.class))));
    }

    /** The project's rows of {@code sql} (its one parameter, the project), keyed and sorted as {@code entry} says. */
    private <V> Map<String, V> byKey(String sql, Function<Readable, Map.Entry<String, V>> entry) {
        Map<String, V> entries = new TreeMap<>();
        database.query(new SqlStatement(sql, List.of(project.value())), entry)
                .toStream()
                .forEach(e -> entries.put(e.getKey(), e.getValue()));
        return entries;
    }

    /** Registers the project with one event five days back and fills its rollups: from here, late events go in at write. */
    private void registerWithHistory(Instant now) {
        storage.write(project, List.of(event(now.minus(Duration.ofDays(5)), "first", 0)))
                .block(); // registers it
        storage.rollups().sealer().seal(project).block();
        while (Boolean.TRUE.equals(
                storage.rollups().sealer().backfillStep(project).block())) {
            // until the rollups hold all history
        }
    }

    /**
     * Registers the project with one event five days back, fills its rollups, then writes three batches of late events
     * over the days {@code firstDay} to {@code firstDay + 2} before now; answers the type_1d sums per day and type, from
     * the events as sent.
     */
    private Map<String, String> lateWritesOverThreeDays(int firstDay, int eventsPerBatch) {
        Instant now = Instant.now();
        registerWithHistory(now);
        Random random = new Random(7);
        Map<String, long[]> expectedEvents = new TreeMap<>();
        Map<String, BigDecimal> expectedRevenue = new TreeMap<>();
        for (int batch = 0; batch < 3; batch++) {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < eventsPerBatch; i++) {
                Instant ts =
                        now.minus(Duration.ofDays(firstDay + random.nextInt(3))).minusSeconds(random.nextInt(3600));
                String type = random.nextBoolean() ? "view" : "buy";
                int cents = random.nextInt(10_000);
                events.add(event(ts, type, cents));
                String key = ts.truncatedTo(ChronoUnit.DAYS) + " " + type;
                expectedEvents.computeIfAbsent(key, k -> new long[1])[0]++;
                expectedRevenue.merge(key, BigDecimal.valueOf(cents, 2), BigDecimal::add);
            }
            storage.write(project, events).block();
        }
        String first = now.minus(Duration.ofDays(5)).truncatedTo(ChronoUnit.DAYS) + " first";
        expectedEvents.put(first, new long[] {1});
        expectedRevenue.put(first, BigDecimal.ZERO);
        return expected(expectedEvents, expectedRevenue);
    }

    private static Map<String, String> expected(Map<String, long[]> events, Map<String, BigDecimal> revenue) {
        Map<String, String> expected = new TreeMap<>();
        events.forEach((key, count) -> expected.put(
                key, count[0] + " " + revenue.get(key).stripTrailingZeros().toPlainString()));
        return expected;
    }

    /** The type_1d rollup's sums per day and type, as a report over it reads them. */
    private Map<String, String> dailySums() {
        return byKey(
                "SELECT r.bucket, r.type, sum(r.events), sum(r.revenue) FROM rollup_rows r "
                        + "JOIN rollups d ON d.id = r.rollup_id WHERE d.name = 'type_1d' AND r.project_id = $1 "
                        + "GROUP BY 1, 2",
                row -> Map.entry(
                        Objects.requireNonNull(row.get(0, OffsetDateTime.class)).toInstant() + " "
                                + row.get(1, String.class),
                        row.get(2, Long.class) + " "
                                + Objects.requireNonNull(row.get(3, BigDecimal.class))
                                        .stripTrailingZeros()
                                        .toPlainString()));
    }

    private long rowsPerKeyAtMost(String table) {
        return perKey(table, "max(n)");
    }

    private long keys(String table) {
        return perKey(table, "count(*)");
    }

    /** An aggregate over the project's keys of {@code table} (whose rows count as {@code n}). */
    private long perKey(String table, String aggregate) {
        String userColumns = table.equals("rollup_rows") ? ", user_id, session_id" : "";
        return Objects.requireNonNull(database.query(
                        new SqlStatement(
                                "SELECT " + aggregate + " FROM (SELECT count(*) AS n FROM " + table
                                        + " WHERE project_id = $1 GROUP BY rollup_id, bucket, type, country, device, "
                                        + "browser, os, page, referrer" + userColumns + ") k",
                                List.of(project.value())),
                        row -> Objects.requireNonNull(row.get(0, Long.class)))
                .blockFirst());
    }

    private static Event event(Instant timestamp, String type, int revenueCents) {
        return Event.builder(UUID.randomUUID(), type, timestamp)
                .userId("u" + revenueCents % 7)
                .revenue(revenueCents / 100.0)
                .build();
    }
}
