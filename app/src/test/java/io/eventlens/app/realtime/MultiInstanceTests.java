package io.eventlens.app.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensAppTest;
import io.eventlens.app.EventLensApplication;
import io.eventlens.app.TestKeys;
import io.eventlens.app.TestRun;
import io.eventlens.app.realtime.Ingest.Sent;
import io.eventlens.app.realtime.LiveClient.Message;
import io.eventlens.realtime.RedisEndpoint;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances sharing one PostgreSQL and one Redis: the test's own instance A (with the embedded servers) and an
 * instance B started here against A's servers, with small limits so that its slow-consumer behaviour shows quickly.
 */
@EventLensAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiInstanceTests {

    static final int STREAM_BUFFER = 500;

    @LocalServerPort
    int portA;

    @Autowired
    EmbeddedPostgres postgres;

    @Autowired
    RedisEndpoint redis;

    private ConfigurableApplicationContext instanceB;
    private int portB;
    private final long seed = System.nanoTime();

    @BeforeAll
    void startInstanceB() {
        instanceB = new SpringApplicationBuilder(EventLensApplication.class)
                .run(
                        "--server.port=0",
                        "--eventlens.data-dir=target/test-data/" + TestRun.ID + "/instance-b",
                        "--eventlens.storage.postgres.host=localhost",
                        "--eventlens.storage.postgres.port=" + postgres.getPort(),
                        "--eventlens.storage.postgres.database=eventlens",
                        "--eventlens.storage.postgres.username=postgres",
                        "--eventlens.redis.url=" + redis.url(),
                        "--eventlens.realtime.event-stream-buffer=" + STREAM_BUFFER,
                        TestKeys.arguments()[0],
                        TestKeys.arguments()[1],
                        TestKeys.arguments()[2],
                        TestKeys.arguments()[3]);
        portB = ((WebServerApplicationContext) instanceB).getWebServer().getPort();
    }

    @AfterAll
    void stopInstanceB() {
        if (instanceB != null && instanceB.isActive()) {
            instanceB.close();
        }
    }

    @Test
    @Order(1)
    void eventsIngestedOnOneInstanceReachSubscribersOnTheOther() {
        String type = "fanout-" + UUID.randomUUID();
        Instant from = Instant.parse("2025-04-01T00:00:00Z");
        Instant to = from.plus(Duration.ofHours(1));
        Map<String, Object> input = Map.of(
                "metrics",
                List.of("events", "revenue"),
                "filters",
                List.of(Map.of("dimension", "type", "op", "EQ", "values", List.of(type))),
                "from",
                from.toString(),
                "to",
                to.toString());
        List<Map<String, Object>> filters = List.of(Map.of("dimension", "type", "op", "EQ", "values", List.of(type)));
        try (LiveClient onB = LiveClient.connect(portB);
                LiveClient onA = LiveClient.connect(portA)) {
            String reportOnB = onB.subscribe(LiveSubscriptionTests.LIVE_REPORT, Map.of("input", input));
            String streamOnB = onB.subscribe(LiveSubscriptionTests.EVENT_STREAM, Map.of("filters", filters));
            String streamOnA = onA.subscribe(LiveSubscriptionTests.EVENT_STREAM, Map.of("filters", filters));
            assertThat(LiveSubscriptionTests.totals(onB.next(reportOnB))).containsExactly(0.0, 0.0);
            LiveSubscriptionTests.waitForSubscription(onB, streamOnB);
            LiveSubscriptionTests.waitForSubscription(onA, streamOnA);

            List<Sent> sentToA = Ingest.random(new SplittableRandom(seed), type, from, to, 10);
            long start = System.nanoTime();
            Ingest.send(portA, sentToA);

            Message pushed =
                    onB.await(reportOnB, m -> LiveSubscriptionTests.totals(m).getFirst() == 10);
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            assertThat(LiveSubscriptionTests.totals(pushed).get(1))
                    .isCloseTo(
                            sentToA.stream().mapToDouble(Sent::revenue).sum(),
                            org.assertj.core.api.Assertions.within(1e-6));
            assertThat(latency).as("ingest on A to push on B").isLessThan(Duration.ofSeconds(5));
            List<String> ids = sentToA.stream().map(e -> e.id().toString()).toList();
            assertThat(streamIds(onB, streamOnB, ids.size())).isEqualTo(ids);
            assertThat(streamIds(onA, streamOnA, ids.size())).isEqualTo(ids);

            // And the other way round: ingested on B, seen on A.
            List<Sent> sentToB = Ingest.random(new SplittableRandom(seed + 1), type, from, to, 4);
            Ingest.send(portB, sentToB);
            assertThat(streamIds(onA, streamOnA, 4))
                    .isEqualTo(sentToB.stream().map(e -> e.id().toString()).toList());
        }
    }

    @Test
    @Order(2)
    void aSlowEventStreamConsumerLosesEventsAndIsToldHowMany() {
        String type = "slow-" + UUID.randomUUID();
        List<Map<String, Object>> filters = List.of(Map.of("dimension", "type", "op", "EQ", "values", List.of(type)));
        // Well before the last hour, so that these events never move the overview's "last hour" under other tests.
        Instant from = Instant.now().minus(Duration.ofHours(3));
        Instant to = from.plus(Duration.ofHours(1));
        // Each pushed event carries a 1 KB note: enough traffic to fill the socket buffers of a client that stopped
        // reading, so the server-side buffer overflows.
        String note = "x".repeat(1024);
        String withNotes = "subscription Stream($filters: [FilterInput!]) {"
                + " eventStream(filters: $filters) { dropped event { id properties } } }";
        try (LiveClient slow = LiveClient.connect(portB);
                LiveClient fast = LiveClient.connect(portB)) {
            String slowId = slow.subscribe(withNotes, Map.of("filters", filters));
            String fastId = fast.subscribe(withNotes, Map.of("filters", filters));
            LiveSubscriptionTests.waitForSubscription(slow, slowId);
            LiveSubscriptionTests.waitForSubscription(fast, fastId);
            slow.pause();

            SplittableRandom random = new SplittableRandom(seed);
            List<String> sent = new ArrayList<>();
            for (int batch = 0; batch < 60; batch++) {
                // Batches smaller than the buffer: a client that reads keeps up with each burst.
                List<Sent> events = Ingest.random(random, type, from, to, 200).stream()
                        .map(e -> e.withNote(note))
                        .toList();
                Ingest.send(portA, events);
                events.forEach(e -> sent.add(e.id().toString()));
            }
            // The fast consumer on the same instance gets every event, in order, with nothing dropped.
            assertThat(streamIds(fast, fastId, sent.size())).isEqualTo(sent);

            slow.resume();
            Sent marker = new Sent(UUID.randomUUID(), type, from, "marker", null, 0);
            // Let the backlog drain before the marker, so the marker's count covers every drop.
            List<Message> received = new ArrayList<>();
            Message message;
            while ((message = slow.maybeNext(slowId, Duration.ofSeconds(2))) != null) {
                received.add(message);
            }
            Ingest.send(portA, List.of(marker));
            Map<String, Object> last = slow.next(slowId).data("eventStream");
            assertThat(id(last)).isEqualTo(marker.id().toString());

            long dropped = ((Number) last.get("dropped")).longValue();
            List<String> receivedIds =
                    received.stream().map(m -> id(m.data("eventStream"))).toList();
            assertThat(dropped)
                    .as("a paused client overflows its buffer of " + STREAM_BUFFER)
                    .isPositive();
            assertThat(receivedIds.size() + dropped).isEqualTo(sent.size());
            // What it did get is in commit order: a subsequence of what was sent.
            assertThat(sent).containsSubsequence(receivedIds);
        }
    }

    @Test
    @Order(2)
    void aBrowserIsOneVisitorWhicheverInstanceItReaches() throws Exception {
        // The daily visitor salt lives in the shared Redis: both instances hash the same browser to the same id.
        String type = "visit_" + UUID.randomUUID().toString().replace("-", "");
        String agent = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (int port : new int[] {portA, portB}) {
            var response = http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                    "http://localhost:" + port + "/v1/collect?key=" + TestKeys.INGEST))
                            .header("Content-Type", "text/plain")
                            .header("User-Agent", agent)
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                    "{\"events\": [{\"n\": \"" + type + "\", \"u\": \"https://shop.example/\"}]}"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        var users = new io.eventlens.app.access.Client(portA)
                .data(TestKeys.READ, """
                query($t: String!) { events(first: 10, filters: [{dimension: "type", op: EQ, values: [$t]}]) {
                  edges { node { userId } } } }""", Map.of("t", type))
                .path("events")
                .path("edges");
        assertThat(users.size()).isEqualTo(2);
        assertThat(users.get(0).path("node").path("userId").asString())
                .startsWith("v_")
                .isEqualTo(users.get(1).path("node").path("userId").asString());
    }

    @Test
    @Order(3)
    void stoppingAnInstanceCompletesItsSubscriptions() {
        try (LiveClient client = LiveClient.connect(portB)) {
            String id = client.subscribe(LiveSubscriptionTests.OVERVIEW_LIVE, Map.of());
            assertThat(client.next(id).type()).isEqualTo("next");

            Thread stopper = Thread.ofVirtual().start(instanceB::close);

            assertThat(client.await(id, m -> !m.type().equals("next")).type()).isEqualTo("complete");
            try {
                stopper.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static List<String> streamIds(LiveClient client, String id, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> item = client.next(id).data("eventStream");
            assertThat(item.get("dropped")).isEqualTo(0);
            ids.add(id(item));
        }
        return ids;
    }

    @SuppressWarnings("unchecked")
    private static String id(Map<String, Object> item) {
        return (String) ((Map<String, Object>) item.get("event")).get("id");
    }
}
