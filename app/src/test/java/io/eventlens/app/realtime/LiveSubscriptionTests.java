package io.eventlens.app.realtime;

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
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Each subscription against the running application, its pushes checked against the test's own sums. */
@EventLensAppTest
class LiveSubscriptionTests {

    static final String LIVE_REPORT = """
            subscription Live($input: LiveReportInput!, $refreshMs: Int) {
              liveReport(input: $input, refreshMs: $refreshMs) { columns rows { bucket dimensions values } totals }
            }""";

    static final String EVENT_STREAM = """
            subscription Stream($filters: [FilterInput!]) {
              eventStream(filters: $filters) { dropped event { id type timestamp country revenue } }
            }""";

    static final String OVERVIEW_LIVE = """
            subscription { overviewLive { events uniqueUsers sessions revenue eventsLastHour } }""";

    private final long seed = System.nanoTime();

    @LocalServerPort
    int port;

    @Test
    void liveReportPushesTheWholeReportThenEveryChange() {
        String type = "live-" + UUID.randomUUID();
        Instant from = Instant.parse("2025-03-04T00:00:00Z");
        Instant to = from.plus(Duration.ofHours(6));
        Map<String, Object> input = Map.of(
                "metrics",
                List.of("events", "uniqueUsers", "revenue"),
                "filters",
                ofType(type),
                "from",
                from.toString(),
                "to",
                to.toString(),
                "granularity",
                "HOUR");
        SplittableRandom random = new SplittableRandom(seed);
        try (LiveClient client = LiveClient.connect(port)) {
            String id = client.subscribe(LIVE_REPORT, Map.of("input", input, "refreshMs", 100));

            Message first = client.next(id);
            assertReport(first, List.of(), from, 6);

            List<Sent> stored = new ArrayList<>(Ingest.random(random, type, from, to, 40));
            // Outside the range (half-open: `to` itself is out) or of another type: no change to this report.
            List<Sent> noise = Stream.concat(
                            Stream.of(
                                    new Sent(UUID.randomUUID(), type, to, "user-1", "DE", 5.0),
                                    new Sent(UUID.randomUUID(), type, from.minusMillis(1), "user-1", "DE", 5.0)),
                            Ingest.random(random, "other-" + type, from, to, 5).stream())
                    .toList();
            Ingest.send(port, Stream.concat(stored.stream(), noise.stream()).toList());
            assertReport(client.await(id, m -> events(m) == 40), stored, from, 6);

            List<Sent> more = Ingest.random(random, type, from, to, 25);
            Ingest.send(port, more);
            stored.addAll(more);
            assertReport(client.await(id, m -> events(m) == 65), stored, from, 6);
        }
    }

    @Test
    void subscribersOfTheSameInputGetTheSameReports() {
        String type = "shared-" + UUID.randomUUID();
        Instant from = Instant.parse("2025-03-05T00:00:00Z");
        Instant to = from.plus(Duration.ofHours(2));
        Map<String, Object> input = Map.of(
                "metrics",
                List.of("events"),
                "dimensions",
                List.of("country"),
                "filters",
                ofType(type),
                "from",
                from.toString(),
                "to",
                to.toString());
        try (LiveClient one = LiveClient.connect(port);
                LiveClient two = LiveClient.connect(port)) {
            String a = one.subscribe(LIVE_REPORT, Map.of("input", input));
            String b = two.subscribe(LIVE_REPORT, Map.of("input", input));
            assertThat(one.next(a).payload()).isEqualTo(two.next(b).payload());

            List<Sent> sent = Ingest.random(new SplittableRandom(seed), type, from, to, 30);
            Ingest.send(port, sent);

            Message pushedA = one.await(a, m -> totals(m).getFirst() == 30);
            Message pushedB = two.await(b, m -> totals(m).getFirst() == 30);
            assertThat(pushedA.payload()).isEqualTo(pushedB.payload());
            long germans = sent.stream().filter(e -> "DE".equals(e.country())).count();
            assertThat(rows(pushedA)).anySatisfy(row -> {
                assertThat(row.get("dimensions")).isEqualTo(List.of("DE"));
                assertThat(((List<?>) row.get("values")).getFirst()).isEqualTo((double) germans);
            });
        }
    }

    @Test
    void aSharedReportGoesOnForTheOthersWhenItsFirstSubscriberLeaves() {
        String type = "first-leaves-" + UUID.randomUUID();
        Instant from = Instant.parse("2025-03-06T00:00:00Z");
        Instant to = from.plus(Duration.ofHours(1));
        Map<String, Object> input = Map.of(
                "metrics", List.of("events"), "filters", ofType(type), "from", from.toString(), "to", to.toString());
        SplittableRandom random = new SplittableRandom(seed);
        try (LiveClient stays = LiveClient.connect(port);
                LiveClient completes = LiveClient.connect(port)) {
            LiveClient closes = LiveClient.connect(port);
            String first = closes.subscribe(LIVE_REPORT, Map.of("input", input));
            closes.next(first);
            String second = completes.subscribe(LIVE_REPORT, Map.of("input", input));
            completes.next(second);
            String third = stays.subscribe(LIVE_REPORT, Map.of("input", input));
            stays.next(third);

            closes.close(); // the first subscriber, whose execution the others share, goes away
            Ingest.send(port, Ingest.random(random, type, from, to, 5));
            assertThat(events(stays.await(third, m -> !m.type().equals("next") || events(m) == 5)))
                    .isEqualTo(5);

            completes.complete(second); // and the next one unsubscribes
            Ingest.send(port, Ingest.random(random, type, from, to, 7));
            assertThat(events(stays.await(third, m -> !m.type().equals("next") || events(m) == 12)))
                    .isEqualTo(12);
        }
    }

    @Test
    void aRollingWindowSlidesWithTheClock() {
        String type = "rolling-" + UUID.randomUUID();
        Map<String, Object> input =
                Map.of("metrics", List.of("events"), "last", "15m", "granularity", "MINUTE", "filters", ofType(type));
        try (LiveClient client = LiveClient.connect(port)) {
            Instant before = Instant.now();
            String id = client.subscribe(LIVE_REPORT, Map.of("input", input, "refreshMs", 100));
            Message first = client.next(id);
            Instant after = Instant.now();
            // [now - 15m, now) in minute buckets: the first starts at the minute holding now - 15m.
            Instant firstBucket = OffsetDateTime.parse(
                            (String) rows(first).getFirst().get("bucket"))
                    .toInstant();
            assertThat(firstBucket)
                    .isBetween(
                            before.minus(Duration.ofMinutes(15)).truncatedTo(ChronoUnit.MINUTES),
                            after.minus(Duration.ofMinutes(15)).truncatedTo(ChronoUnit.MINUTES));
            assertThat(rows(first))
                    .hasSizeBetween(15, 16)
                    .allSatisfy(row -> assertThat(row.get("values")).isEqualTo(List.of(0.0)));

            Instant now = Instant.now();
            // One event that leaves the window a few seconds from now, two well inside, one already outside.
            Sent leaving = new Sent(
                    UUID.randomUUID(), type, now.minus(Duration.ofMinutes(15)).plusSeconds(4), "u", null, 1);
            List<Sent> inside = List.of(
                    leaving,
                    new Sent(UUID.randomUUID(), type, now.minus(Duration.ofMinutes(5)), "u", null, 1),
                    new Sent(UUID.randomUUID(), type, now.minus(Duration.ofMinutes(5)), "u", null, 1));
            Sent outside = new Sent(UUID.randomUUID(), type, now.minus(Duration.ofMinutes(20)), "u", null, 1);
            Ingest.send(port, Stream.concat(inside.stream(), Stream.of(outside)).toList());

            Message pushed = client.await(id, m -> totals(m).getFirst() == 3);
            Instant fiveAgo = now.minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MINUTES);
            assertThat(rows(pushed))
                    .filteredOn(row -> OffsetDateTime.parse((String) row.get("bucket"))
                            .toInstant()
                            .equals(fiveAgo))
                    .singleElement()
                    .satisfies(row -> assertThat(row.get("values")).isEqualTo(List.of(2.0)));
            assertThat(rows(pushed).stream()
                            .mapToDouble(row -> (Double) ((List<?>) row.get("values")).getFirst())
                            .sum())
                    .isEqualTo(3.0);

            // No new events: the clock alone moves the oldest one out.
            Message slid = client.await(id, m -> totals(m).getFirst() == 2);
            Instant slidFirst = OffsetDateTime.parse(
                            (String) rows(slid).getFirst().get("bucket"))
                    .toInstant();
            assertThat(slidFirst).isAfterOrEqualTo(firstBucket);
        }
    }

    @Test
    void eventStreamPushesEachMatchingEventInCommitOrder() {
        String type = "stream-" + UUID.randomUUID();
        // Well before the last hour, so that these events never move the overview's "last hour" under other tests.
        Instant from = Instant.now().minus(Duration.ofHours(3));
        Instant to = from.plus(Duration.ofHours(1));
        List<Map<String, Object>> filters = List.of(
                Map.of("dimension", "type", "op", "EQ", "values", List.of(type)),
                Map.of("dimension", "country", "op", "IN", "values", List.of("DE")));
        SplittableRandom random = new SplittableRandom(seed);
        try (LiveClient client = LiveClient.connect(port)) {
            String id = client.subscribe(EVENT_STREAM, Map.of("filters", filters));
            // A subscription starts on its first push; give the server a moment to have it registered.
            waitForSubscription(client, id);

            List<Sent> first = Ingest.random(random, type, from, to, 30);
            List<Sent> second = Ingest.random(random, type, from, to, 30);
            Ingest.send(port, first);
            Ingest.send(port, second);
            List<String> expected = Stream.concat(first.stream(), second.stream())
                    .filter(e -> "DE".equals(e.country()))
                    .map(e -> e.id().toString())
                    .toList();

            List<String> received = new ArrayList<>();
            for (int i = 0; i < expected.size(); i++) {
                Map<String, Object> item = client.next(id).data("eventStream");
                assertThat(item.get("dropped")).isEqualTo(0);
                @SuppressWarnings("unchecked")
                Map<String, Object> event = (Map<String, Object>) item.get("event");
                assertThat(event.get("type")).isEqualTo(type);
                received.add((String) event.get("id"));
            }
            assertThat(received).isEqualTo(expected);
            assertThat(client.maybeNext(id, Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void anApproximateOverviewLiveKeepsItsAdditiveNumbersExact() {
        try (LiveClient client = LiveClient.connect(port)) {
            String id = client.subscribe(
                    "subscription { overviewLive(approximate: true) { events revenue " + "uniqueUsers approximate } }",
                    Map.of());
            Map<String, Object> before = client.next(id).data("overviewLive");
            assertThat(before).containsKey("approximate");
            List<Sent> sent = Ingest.random(
                    new SplittableRandom(seed),
                    "overview-estimate-" + UUID.randomUUID(),
                    Instant.now().minus(Duration.ofMinutes(3)),
                    Instant.now(),
                    9);
            Ingest.send(port, sent);

            long expected = number(before, "events") + sent.size();
            Map<String, Object> after = client.await(id, m -> number(m.data("overviewLive"), "events") >= expected)
                    .data("overviewLive");
            assertThat(number(after, "events")).isEqualTo(expected);
            assertThat(((Number) after.get("revenue")).doubleValue())
                    .isCloseTo(
                            ((Number) before.get("revenue")).doubleValue()
                                    + sent.stream().mapToDouble(Sent::revenue).sum(),
                            within(1e-6));
        }
    }

    @Test
    void overviewLivePushesTheNewNumbers() {
        try (LiveClient client = LiveClient.connect(port)) {
            String id = client.subscribe(OVERVIEW_LIVE, Map.of());
            Map<String, Object> before = client.next(id).data("overviewLive");
            List<Sent> sent = Ingest.random(
                    new SplittableRandom(seed),
                    "overview-" + UUID.randomUUID(),
                    Instant.now().minus(Duration.ofMinutes(10)),
                    Instant.now(),
                    12);
            Ingest.send(port, sent);

            long expected = number(before, "events") + sent.size();
            Map<String, Object> after = client.await(id, m -> number(m.data("overviewLive"), "events") >= expected)
                    .data("overviewLive");
            assertThat(number(after, "events")).isEqualTo(expected);
            assertThat(number(after, "eventsLastHour")).isEqualTo(number(before, "eventsLastHour") + sent.size());
            assertThat(((Number) after.get("revenue")).doubleValue())
                    .isCloseTo(
                            ((Number) before.get("revenue")).doubleValue()
                                    + sent.stream().mapToDouble(Sent::revenue).sum(),
                            within(1e-6));
        }
    }

    @Test
    void oneSubscriptionTooManyClosesTheConnectionWith4420() {
        try (LiveClient client = LiveClient.connect(port)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                ids.add(client.subscribe(OVERVIEW_LIVE, Map.of()));
            }
            for (String id : ids) {
                assertThat(client.next(id).type()).isEqualTo("next");
            }
            client.subscribe(OVERVIEW_LIVE, Map.of());

            assertThat(client.closeCode()).isEqualTo(4420);
        }
    }

    @Test
    void aSlowLiveReportConsumerGetsTheLatestReportNotTheBacklog() {
        String type = "slow-report-" + UUID.randomUUID();
        Instant from = Instant.parse("2025-05-06T00:00:00Z");
        Instant to = from.plus(Duration.ofHours(1));
        // One row per event (each has its own ~1 KB note): every state is bigger than the last, and a client that
        // stops reading fills the socket buffers after a few of them.
        Map<String, Object> input = Map.of(
                "metrics",
                List.of("events"),
                "dimensions",
                List.of("properties.note"),
                "filters",
                ofType(type),
                "from",
                from.toString(),
                "to",
                to.toString(),
                "limit",
                5000);
        int batches = 50;
        int perBatch = 50;
        SplittableRandom random = new SplittableRandom(seed);
        try (LiveClient slow = LiveClient.connect(port);
                LiveClient fast = LiveClient.connect(port)) {
            String slowId = slow.subscribe(LIVE_REPORT, Map.of("input", input, "refreshMs", 100));
            String fastId = fast.subscribe(LIVE_REPORT, Map.of("input", input, "refreshMs", 100));
            assertThat(events(slow.next(slowId))).isZero();
            assertThat(events(fast.next(fastId))).isZero();
            slow.pause();

            List<Sent> sent = new ArrayList<>();
            for (int batch = 0; batch < batches; batch++) {
                List<Sent> events = Ingest.random(random, type, from, to, perBatch).stream()
                        .map(e -> e.withNote(e.id() + "x".repeat(980)))
                        .toList();
                Ingest.send(port, events);
                sent.addAll(events);
                // The reader sees every state: the report really went through all of them.
                long expected = sent.size();
                fast.await(fastId, m -> events(m) == expected);
            }

            slow.resume();
            List<Message> received = new ArrayList<>();
            Message message;
            do {
                message = slow.next(slowId);
                received.add(message);
            } while (events(message) < sent.size());

            List<Long> counts =
                    received.stream().map(LiveSubscriptionTests::events).toList();
            assertThat(counts).as("states reach a slow client in order").isSorted();
            assertThat(counts)
                    .as("a slow client skips states instead of queueing each of the " + batches)
                    .hasSizeLessThan(batches);
            List<Map<String, Object>> rows = rows(message);
            assertThat(rows).hasSize(sent.size());
            assertThat(rows)
                    .allSatisfy(row ->
                            assertThat(((List<?>) row.get("values")).getFirst()).isEqualTo(1.0));
            assertThat(rows.stream()
                            .map(row -> String.valueOf(((List<?>) row.get("dimensions")).getFirst()))
                            .toList())
                    .containsExactlyInAnyOrderElementsOf(
                            sent.stream().map(Sent::note).toList());
            assertThat(slow.maybeNext(slowId, Duration.ofMillis(500)))
                    .as("nothing after the latest state")
                    .isNull();
        }
    }

    @Test
    void aBadInputIsAnErrorNamingTheField() {
        try (LiveClient client = LiveClient.connect(port)) {
            String id = client.subscribe(
                    LIVE_REPORT, Map.of("input", Map.of("metrics", List.of("events"), "last", "15 fortnights")));
            Message error = client.next(id);

            assertThat(error.type()).isEqualTo("error");
            assertThat(error.payload().toString()).contains("input.last").contains("INVALID_TIME_RANGE");
        }
    }

    /** An eventStream pushes nothing until an event comes; a ping subscription on the same socket orders it. */
    static void waitForSubscription(LiveClient client, String id) {
        String probe = client.subscribe(OVERVIEW_LIVE, Map.of());
        client.next(probe);
        client.complete(probe);
    }

    private static void assertReport(Message message, List<Sent> events, Instant from, int hours) {
        assertThat(message.type()).isEqualTo("next");
        List<Map<String, Object>> rows = rows(message);
        assertThat(rows).hasSize(hours);
        for (int hour = 0; hour < hours; hour++) {
            Instant start = from.plus(Duration.ofHours(hour));
            Instant end = start.plus(Duration.ofHours(1));
            List<Sent> inBucket = events.stream()
                    .filter(e -> !e.timestamp().isBefore(start) && e.timestamp().isBefore(end))
                    .toList();
            Map<String, Object> row = rows.get(hour);
            assertThat(OffsetDateTime.parse((String) row.get("bucket")).toInstant())
                    .isEqualTo(start);
            List<?> values = (List<?>) row.get("values");
            assertThat(values.get(0)).isEqualTo((double) inBucket.size());
            assertThat(values.get(1)).isEqualTo((double)
                    inBucket.stream().map(Sent::userId).distinct().count());
            assertThat((Double) values.get(2))
                    .isCloseTo(inBucket.stream().mapToDouble(Sent::revenue).sum(), within(1e-6));
        }
        List<Double> totals = totals(message);
        assertThat(totals.get(0)).isEqualTo((double) events.size());
        assertThat(totals.get(1))
                .isEqualTo((double) events.stream().map(Sent::userId).distinct().count());
        assertThat(totals.get(2))
                .isCloseTo(events.stream().mapToDouble(Sent::revenue).sum(), within(1e-6));
    }

    /** The filters of a report over the events of one type. */
    static List<Map<String, Object>> ofType(String type) {
        return List.of(Map.of("dimension", "type", "op", "EQ", "values", List.of(type)));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rows(Message message) {
        return (List<Map<String, Object>>) message.data("liveReport").get("rows");
    }

    @SuppressWarnings("unchecked")
    static List<Double> totals(Message message) {
        return ((List<Number>) message.data("liveReport").get("totals"))
                .stream().map(Number::doubleValue).toList();
    }

    static long events(Message message) {
        return (long) (double) totals(message).getFirst();
    }

    static long number(Map<String, Object> map, String field) {
        return ((Number) map.get(field)).longValue();
    }
}
