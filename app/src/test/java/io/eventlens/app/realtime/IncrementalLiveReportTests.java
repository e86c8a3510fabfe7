package io.eventlens.app.realtime;

import static io.eventlens.app.realtime.LiveSubscriptionTests.rows;
import static io.eventlens.app.realtime.LiveSubscriptionTests.totals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.eventlens.app.EventLensAppTest;
import io.eventlens.app.realtime.Ingest.Sent;
import io.eventlens.app.realtime.LiveClient.Message;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Live reports over {@code events}, {@code revenue} and distinct users are kept up to date incrementally (history
 * read once, fresh events tallied in memory, a rolling window subtracting what it left). Each push is checked against
 * the test's own sums and distinct sets over the events it sent, through fresh, late (older than the cut),
 * future-stamped and re-sent batches.
 */
@EventLensAppTest
class IncrementalLiveReportTests {

    private static final int TOP = 2;

    /** As in {@link LiveSubscriptionTests}, plus where the answer came from. */
    private static final String LIVE_REPORT = """
            subscription Live($input: LiveReportInput!, $refreshMs: Int) {
              liveReport(input: $input, refreshMs: $refreshMs) {
                columns rows { bucket dimensions values } totals meta { source }
              }
            }""";

    private final long seed = System.nanoTime();

    @LocalServerPort
    int port;

    @Test
    void aRollingTopSeriesReportStaysEqualToTheEventsThroughEveryKindOfArrival() {
        String type = "incremental-" + UUID.randomUUID();
        Map<String, Object> input = topCountriesByMinute(type, "revenue");
        SplittableRandom random = new SplittableRandom(seed);
        List<Sent> stored = new ArrayList<>();
        try (LiveClient client = LiveClient.connect(port)) {
            Instant now = Instant.now();
            // Already stored before anyone subscribes: the first read must find them (history and the catch-up).
            send(stored, events(random, type, now.minus(Duration.ofMinutes(8)), now, 30));
            String id = client.subscribe(LIVE_REPORT, Map.of("input", input, "refreshMs", 100));
            assertSeries(awaitTotals(client, id, stored), stored);

            // Fresh events (stamped within the last seconds), then late ones (minutes old: behind the cut).
            now = Instant.now();
            send(stored, events(random, type, now.minusSeconds(2), now, 25));
            assertSeries(awaitTotals(client, id, stored), stored);
            now = Instant.now();
            List<Sent> late =
                    events(random, type, now.minus(Duration.ofMinutes(10)), now.minus(Duration.ofMinutes(1)), 20);
            send(stored, late);
            assertSeries(awaitTotals(client, id, stored), stored);

            // A retried batch counts once; other types and events older than the window never count.
            Ingest.resend(port, late);
            Ingest.send(
                    port,
                    Stream.concat(
                                    events(random, "other-" + type, now.minusSeconds(60), now, 5).stream(),
                                    events(
                                            random,
                                            type,
                                            now.minus(Duration.ofMinutes(40)),
                                            now.minus(Duration.ofMinutes(20)),
                                            5)
                                            .stream())
                            .toList());
            // Stamped a few seconds ahead of the clock: counted once its time has come.
            Instant ahead = Instant.now().plusSeconds(3);
            send(stored, List.of(new Sent(UUID.randomUUID(), type, ahead, "user-ahead", "JP", 900.0)));
            Message withFuture = awaitTotals(client, id, stored);
            assertThat(Instant.now()).isAfter(ahead);
            assertSeries(withFuture, stored);
            assertIncremental(withFuture);
        }
    }

    @Test
    void aRollingDistinctUsersReportCountsEachUserOncePerBucketPerSeriesAndInTheTotals() {
        String type = "incremental-users-" + UUID.randomUUID();
        Map<String, Object> input = topCountriesByMinute(type, "uniqueUsers");
        SplittableRandom random = new SplittableRandom(seed);
        List<Sent> stored = new ArrayList<>();
        try (LiveClient client = LiveClient.connect(port)) {
            Instant now = Instant.now();
            send(stored, events(random, type, now.minus(Duration.ofMinutes(6)), now, 40));
            String id = client.subscribe(LIVE_REPORT, Map.of("input", input, "refreshMs", 100));
            assertDistinctUsers(awaitTotals(client, id, stored), stored);

            now = Instant.now();
            // Fresh events of users the history already counted, and of new ones.
            send(stored, events(random, type, now.minusSeconds(2), now, 30));
            assertDistinctUsers(awaitTotals(client, id, stored), stored);
            // Late events (behind the cut) and a retried batch: each user still counted once.
            now = Instant.now();
            List<Sent> late =
                    events(random, type, now.minus(Duration.ofMinutes(9)), now.minus(Duration.ofMinutes(2)), 15);
            send(stored, late);
            Ingest.resend(port, late);
            send(stored, List.of(new Sent(UUID.randomUUID(), type, Instant.now(), "user-new", "FR", 1.0)));
            Message last = awaitTotals(client, id, stored);
            assertDistinctUsers(last, stored);
            assertIncremental(last);
        }
    }

    /** Series ranked by distinct users over the range (ties by country, nulls last); each point's own users. */
    private static void assertDistinctUsers(Message pushed, List<Sent> stored) {
        assertThat(totals(pushed))
                .containsExactly(
                        (double) stored.stream().map(Sent::userId).distinct().count(), (double) stored.size());
        Map<List<@Nullable String>, Set<String>> bySeries = users(stored, e -> true);
        List<List<@Nullable String>> top = bySeries.entrySet().stream()
                .sorted(Comparator.<Map.Entry<List<@Nullable String>, Set<String>>>comparingInt(
                                e -> -e.getValue().size())
                        .thenComparing(e -> e.getKey().getFirst(), Comparator.nullsLast(Comparator.naturalOrder())))
                .limit(TOP)
                .map(Map.Entry::getKey)
                .toList();
        List<Map<String, Object>> rows = rows(pushed);
        assertThat(rows.stream()
                        .map(IncrementalLiveReportTests::dimensions)
                        .distinct()
                        .toList())
                .containsExactlyElementsOf(top);
        for (Map<String, Object> row : rows) {
            Instant bucket = OffsetDateTime.parse((String) row.get("bucket")).toInstant();
            Set<String> expected = users(
                            stored,
                            e -> e.timestamp().truncatedTo(ChronoUnit.MINUTES).equals(bucket))
                    .getOrDefault(dimensions(row), Set.of());
            assertThat(values(row).get(0))
                    .as("users of %s at %s", row.get("dimensions"), bucket)
                    .isEqualTo((double) expected.size());
        }
    }

    /** Distinct users per country over the stored events that pass {@code which}. */
    private static Map<List<@Nullable String>, Set<String>> users(
            List<Sent> stored, java.util.function.Predicate<Sent> which) {
        Map<List<@Nullable String>, Set<String>> users = new HashMap<>();
        for (Sent event : stored) {
            if (which.test(event)) {
                List<@Nullable String> key = new ArrayList<>();
                key.add(event.country());
                users.computeIfAbsent(key, k -> new HashSet<>()).add(event.userId());
            }
        }
        return users;
    }

    @Test
    void aFixedRangeReportWithoutBucketsAddsEachBatch() {
        String type = "incremental-fixed-" + UUID.randomUUID();
        Instant from = Instant.now().minus(Duration.ofMinutes(30));
        Instant to = Instant.now().plus(Duration.ofMinutes(30));
        Map<String, Object> input = Map.of(
                "metrics",
                List.of("events", "revenue"),
                "dimensions",
                List.of("country"),
                "from",
                from.toString(),
                "to",
                to.toString(),
                "filters",
                List.of(Map.of("dimension", "type", "op", "EQ", "values", List.of(type))));
        SplittableRandom random = new SplittableRandom(seed);
        List<Sent> stored = new ArrayList<>();
        try (LiveClient client = LiveClient.connect(port)) {
            String id = client.subscribe(LIVE_REPORT, Map.of("input", input, "refreshMs", 100));
            assertThat(rows(client.next(id))).isEmpty();
            for (int round = 0; round < 4; round++) {
                Instant now = Instant.now();
                send(stored, events(random, type, now.minusSeconds(round % 2 == 0 ? 1 : 600), now, 10 + round));
                Message pushed = client.await(id, m -> totals(m).getFirst() == stored.size());
                Map<List<@Nullable String>, double[]> expected = sums(stored, e -> true);
                assertThat(rows(pushed)).hasSize(expected.size()).allSatisfy(row -> {
                    double[] sums = expected.get(dimensions(row));
                    assertThat(values(row).get(0)).isEqualTo(sums[0]);
                    assertThat(values(row).get(1)).isCloseTo(sums[1], within(1e-6));
                });
                assertIncremental(pushed);
            }
        }
    }

    /** A rolling 15-minute report of one type by minute: the top countries by {@code metric}, then events. */
    private static Map<String, Object> topCountriesByMinute(String type, String metric) {
        return Map.of(
                "metrics",
                List.of(metric, "events"),
                "dimensions",
                List.of("country"),
                "last",
                "15m",
                "granularity",
                "MINUTE",
                "limit",
                TOP,
                "filters",
                List.of(Map.of("dimension", "type", "op", "EQ", "values", List.of(type))));
    }

    /** The push was merged from history and memory, not read whole from storage. */
    @SuppressWarnings("unchecked")
    private static void assertIncremental(Message pushed) {
        Map<String, Object> meta =
                (Map<String, Object>) pushed.data("liveReport").get("meta");
        assertThat((String) meta.get("source")).startsWith("live:");
    }

    private void send(List<Sent> stored, List<Sent> events) {
        Ingest.send(port, events);
        stored.addAll(events);
    }

    private static List<Sent> events(SplittableRandom random, String type, Instant from, Instant to, int count) {
        List<Sent> events = new ArrayList<>();
        String[] countries = {"DE", "FR", "US", null};
        long span = Math.max(1, to.toEpochMilli() - from.toEpochMilli());
        for (int i = 0; i < count; i++) {
            events.add(new Sent(
                    UUID.randomUUID(),
                    type,
                    from.plusMillis(random.nextLong(span)),
                    "user-" + random.nextInt(9),
                    countries[random.nextInt(countries.length)],
                    Math.round(random.nextDouble() * 10_000) / 100.0));
        }
        return events;
    }

    /** Waits for the push that counts exactly the stored events (events is metric 1 of these reports). */
    private static Message awaitTotals(LiveClient client, String id, List<Sent> stored) {
        return client.await(id, m -> totals(m).get(1) == stored.size());
    }

    /** The top series by revenue (ties by country, nulls last), each bucket's sums, every other point zero. */
    private static void assertSeries(Message pushed, List<Sent> stored) {
        double revenue = stored.stream().mapToDouble(Sent::revenue).sum();
        assertThat(totals(pushed).get(0)).isCloseTo(revenue, within(1e-6));
        Map<List<@Nullable String>, double[]> bySeries = sums(stored, e -> true);
        List<List<@Nullable String>> top = bySeries.entrySet().stream()
                .sorted(Comparator.<Map.Entry<List<@Nullable String>, double[]>>comparingDouble(e -> -e.getValue()[1])
                        .thenComparing(e -> e.getKey().getFirst(), Comparator.nullsLast(Comparator.naturalOrder())))
                .limit(TOP)
                .map(Map.Entry::getKey)
                .toList();
        List<Map<String, Object>> rows = rows(pushed);
        assertThat(rows.stream()
                        .map(IncrementalLiveReportTests::dimensions)
                        .distinct()
                        .toList())
                .containsExactlyElementsOf(top);
        for (Map<String, Object> row : rows) {
            Instant bucket = OffsetDateTime.parse((String) row.get("bucket")).toInstant();
            double[] expected = sums(
                            stored,
                            e -> e.timestamp().truncatedTo(ChronoUnit.MINUTES).equals(bucket))
                    .getOrDefault(dimensions(row), new double[2]);
            assertThat(values(row).get(0))
                    .as("revenue of %s at %s", row.get("dimensions"), bucket)
                    .isCloseTo(expected[1], within(1e-6));
            assertThat(values(row).get(1))
                    .as("events of %s at %s", row.get("dimensions"), bucket)
                    .isEqualTo(expected[0]);
        }
    }

    /** Events and revenue per country over the stored events that pass {@code which}. */
    private static Map<List<@Nullable String>, double[]> sums(
            List<Sent> stored, java.util.function.Predicate<Sent> which) {
        Map<List<@Nullable String>, double[]> sums = new HashMap<>();
        for (Sent event : stored) {
            if (which.test(event)) {
                List<@Nullable String> key = new ArrayList<>();
                key.add(event.country());
                double[] pair = sums.computeIfAbsent(key, k -> new double[2]);
                pair[0] += 1;
                pair[1] += event.revenue();
            }
        }
        return sums;
    }

    @SuppressWarnings("unchecked")
    private static List<@Nullable String> dimensions(Map<String, Object> row) {
        return new ArrayList<>((List<String>) Objects.requireNonNull(row.get("dimensions")));
    }

    @SuppressWarnings("unchecked")
    private static List<Double> values(Map<String, Object> row) {
        return (List<Double>) row.get("values");
    }
}
