package io.eventlens.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
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
        Instant now = Instant.now();
        storage.write(project, List.of(event(now.minus(Duration.ofDays(5)), "first", 0)))
                .block(); // registers it
        storage.rollups().sealer().seal(project).block();
        while (Boolean.TRUE.equals(
                storage.rollups().sealer().backfillStep(project).block())) {
            // until the rollups hold all history: from here, they take late events at write time
        }

        // Expected per (day, type), from the events as sent: three batches over the same three days and two types.
        Random random = new Random(7);
        Map<String, long[]> expectedEvents = new TreeMap<>();
        Map<String, BigDecimal> expectedRevenue = new TreeMap<>();
        for (int batch = 0; batch < 3; batch++) {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Instant ts = now.minus(Duration.ofDays(1 + random.nextInt(3))).minusSeconds(random.nextInt(3600));
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

        assertThat(rowsPerKeyAtMost()).as("writes append rows").isGreaterThan(1);
        assertThat(dailySums()).isEqualTo(expected(expectedEvents, expectedRevenue));

        int merged = Objects.requireNonNull(
                storage.rollups().compaction().compact(project, 10_000).block());
        assertThat(merged).isPositive();
        assertThat(rowsPerKeyAtMost()).as("one row per key after compaction").isEqualTo(1);
        assertThat(dailySums()).isEqualTo(expected(expectedEvents, expectedRevenue));
    }

    private static Map<String, String> expected(Map<String, long[]> events, Map<String, BigDecimal> revenue) {
        Map<String, String> expected = new TreeMap<>();
        events.forEach((key, count) -> expected.put(
                key, count[0] + " " + revenue.get(key).stripTrailingZeros().toPlainString()));
        return expected;
    }

    /** The type_1d rollup's sums per day and type, as a report over it reads them. */
    private Map<String, String> dailySums() {
        Map<String, String> sums = new TreeMap<>();
        database.query(
                        new SqlStatement(
                                "SELECT r.bucket, r.type, sum(r.events), sum(r.revenue) FROM rollup_rows r "
                                        + "JOIN rollups d ON d.id = r.rollup_id WHERE d.name = 'type_1d' AND r.project_id = $1 "
                                        + "GROUP BY 1, 2",
                                List.of(project.value())),
                        row -> Map.entry(
                                Objects.requireNonNull(row.get(0, OffsetDateTime.class))
                                                .toInstant() + " " + row.get(1, String.class),
                                row.get(2, Long.class) + " "
                                        + Objects.requireNonNull(row.get(3, BigDecimal.class))
                                                .stripTrailingZeros()
                                                .toPlainString()))
                .toStream()
                .forEach(entry -> sums.put(entry.getKey(), entry.getValue()));
        return sums;
    }

    private long rowsPerKeyAtMost() {
        return Objects.requireNonNull(database.query(
                        new SqlStatement(
                                "SELECT max(n) FROM (SELECT count(*) AS n "
                                        + "FROM rollup_rows WHERE project_id = $1 GROUP BY rollup_id, bucket, type, country, device, "
                                        + "browser, os, page, referrer, user_id, session_id) k",
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
