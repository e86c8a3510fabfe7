package io.eventlens.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.eventlens.app.EventLensAppTest;
import io.eventlens.app.access.Client;
import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.storage.EventStorage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/**
 * Segment's HTTP Tracking API ({@code /v1/track}, ..., {@code /v1/batch}) as Segment's own Node library and plain
 * clients use it, checked against what the storage then holds. Each test writes to a project of its own.
 */
@EventLensAppTest
class SegmentApiTests {

    @LocalServerPort
    int port;

    @Autowired
    EventStorage storage;

    Client client;
    Client.Tenant tenant;

    @BeforeEach
    void newProject() {
        client = new Client(port);
        tenant = client.newProject("segment-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Test
    void analyticsNodeDeliversEveryCallOnceAndAResentBatchAddsNothing() {
        String run = UUID.randomUUID().toString();
        JsonNode sent = SegmentLibrary.send("http://localhost:" + port, tenant.ingest(), run);

        assertThat(sent.path("errors").size())
                .as(sent.path("errors").toString())
                .isZero();
        List<JsonNode> messages = new ArrayList<>();
        sent.path("batches").forEach(batch -> batch.path("batch").forEach(messages::add));
        assertThat(messages).hasSize(7);
        // Resent as they went out, every batch is all duplicates.
        int duplicates = 0;
        for (JsonNode answer : sent.path("resent")) {
            assertThat(answer.path("status").asInt()).as(answer.toString()).isEqualTo(200);
            assertThat(answer.path("body").path("success").asBoolean()).isTrue();
            assertThat(answer.path("body").path("accepted").asInt()).isZero();
            duplicates += answer.path("body").path("duplicates").asInt();
        }
        assertThat(duplicates).isEqualTo(messages.size());

        List<Event> stored = stored();
        assertThat(stored).hasSize(messages.size());
        // Each message's own timestamp, and the type the documentation gives its call.
        Map<String, Long> expectedTypes = messages.stream()
                .collect(Collectors.groupingBy(
                        message -> switch (message.path("type").asString()) {
                            case "track" -> message.path("event").asString();
                            case "page" -> "page_view";
                            case "screen" -> "screen_view";
                            default -> message.path("type").asString();
                        },
                        TreeMap::new,
                        Collectors.counting()));
        Map<String, Long> storedTypes =
                stored.stream().collect(Collectors.groupingBy(Event::type, TreeMap::new, Collectors.counting()));
        assertThat(storedTypes).isEqualTo(expectedTypes);
        assertThat(stored.stream().map(Event::timestamp).sorted().toList())
                .isEqualTo(messages.stream()
                        .map(message -> Instant.parse(message.path("timestamp").asString())
                                .truncatedTo(ChronoUnit.MICROS))
                        .sorted()
                        .toList());

        Event order = only(stored, "Order Completed");
        assertThat(order.userId()).isEqualTo("user-1");
        assertThat(order.country()).isEqualTo("DE");
        assertThat(order.os()).isEqualTo("iOS");
        assertThat(order.device()).isEqualTo("mobile");
        assertThat(order.page()).isEqualTo("/checkout");
        assertThat(order.referrer()).isEqualTo("https://news.example/");
        assertThat(order.revenue()).isEqualTo(42.5);
        assertThat(order.properties())
                .containsEntry("run", run)
                .containsEntry("plan", "pro")
                .containsEntry("utm_source", "newsletter")
                .containsEntry("utm_medium", "email")
                .containsEntry("utm_campaign", "winter");
        @SuppressWarnings("unchecked")
        Map<String, Object> context = (Map<String, Object>) order.properties().get("context");
        assertThat(context).doesNotContainKey("ip").doesNotContainKey("campaign");
        assertThat(context.get("library"))
                .isEqualTo(Map.of("name", "@segment/analytics-node", "version", SegmentLibrary.ANALYTICS_NODE_VERSION));

        Event page = only(stored, "page_view");
        assertThat(page.userId()).isEqualTo("anon-1");
        assertThat(page.page()).isEqualTo("/pricing");
        assertThat(page.referrer()).isEqualTo("https://search.example/");
        assertThat(page.properties()).containsEntry("name", "Pricing");
        assertThat(only(stored, "alias").properties()).containsEntry("previousId", "anon-1");
        assertThat(only(stored, "group").properties())
                .containsEntry("groupId", "acme")
                .containsEntry("industry", "retail");

        // Reports see them: events by type, and identify traits as a breakdown.
        Instant from = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS);
        Instant to = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);
        JsonNode byType = client.data(
                tenant.read(),
                "query($i: ReportInput!) { report(input: $i) { rows { " + "dimensions values } } }",
                Map.of(
                        "i",
                        Map.of(
                                "metrics",
                                List.of("events"),
                                "dimensions",
                                List.of("type"),
                                "from",
                                from.toString(),
                                "to",
                                to.toString())));
        Map<String, Long> reported = new TreeMap<>();
        byType.path("report")
                .path("rows")
                .forEach(row -> reported.put(
                        row.path("dimensions").get(0).asString(),
                        row.path("values").get(0).asLong()));
        assertThat(reported).isEqualTo(expectedTypes);
        JsonNode byPlan = client.data(
                tenant.read(),
                "query($i: ReportInput!) { report(input: $i) { rows { " + "dimensions values } } }",
                Map.of(
                        "i",
                        Map.of(
                                "metrics",
                                List.of("events"),
                                "dimensions",
                                List.of("properties.plan"),
                                "filters",
                                List.of(Map.of("dimension", "type", "op", "EQ", "values", List.of("identify"))),
                                "from",
                                from.toString(),
                                "to",
                                to.toString())));
        Map<String, Long> plans = new TreeMap<>();
        byPlan.path("report")
                .path("rows")
                .forEach(row -> plans.put(
                        row.path("dimensions").get(0).asString(),
                        row.path("values").get(0).asLong()));
        assertThat(plans).isEqualTo(Map.of("free", 1L, "pro", 1L));
    }

    @Test
    void eachCallHasItsEndpointAndAMessageIdMakesResendingSafe() {
        String messageId = "retry-" + UUID.randomUUID();
        String track = """
                {"type": "track", "event": "Signed Up", "userId": "u-9", "messageId": "%s",
                 "properties": {"plan": "team"}, "integrations": {"All": true}, "_metadata": {"x": 1}}
                """.formatted(messageId);
        answer("/v1/track", basic(tenant.ingest()), track, HttpStatus.OK)
                .jsonPath("$.accepted")
                .isEqualTo(1);
        answer("/v1/track", basic(tenant.ingest()), track, HttpStatus.OK)
                .jsonPath("$.accepted")
                .isEqualTo(0)
                .jsonPath("$.duplicates")
                .isEqualTo(1);
        UUID uuidMessage = UUID.randomUUID();
        answer("/v1/identify", basic(tenant.ingest()), """
                {"userId": "u-9", "messageId": "%s", "traits": {"plan": "team", "seats": 5}}
                """.formatted(uuidMessage), HttpStatus.OK)
                .jsonPath("$.success")
                .isEqualTo(true);
        answer("/v1/page", basic(tenant.ingest()), """
                {"anonymousId": "a-9", "properties": {"url": "https://shop.example/docs/start?x=1"},
                 "context": {"location": {"country": "fra"}}}
                """, HttpStatus.OK);
        answer("/v1/screen", basic(tenant.ingest()), "{\"userId\": 17, \"name\": \"Settings\"}", HttpStatus.OK);
        answer("/v1/group", basic(tenant.ingest()), "{\"userId\": \"u-9\", \"groupId\": \"g-1\"}", HttpStatus.OK);
        answer("/v1/alias", basic(tenant.ingest()), "{\"userId\": \"u-9\", \"previousId\": \"a-9\"}", HttpStatus.OK);

        List<Event> stored = stored();
        assertThat(stored)
                .extracting(Event::type)
                .containsExactlyInAnyOrder("Signed Up", "identify", "page_view", "screen_view", "group", "alias");
        // A canonical UUID messageId is the event id itself.
        assertThat(only(stored, "identify").id()).isEqualTo(uuidMessage);
        assertThat(only(stored, "identify").properties()).containsEntry("plan", "team");
        assertThat(only(stored, "page_view").page()).isEqualTo("/docs/start");
        assertThat(only(stored, "page_view").country()).isEqualTo("FR");
        assertThat(only(stored, "screen_view").userId()).isEqualTo("17");
        assertThat(only(stored, "Signed Up").properties()).doesNotContainKeys("integrations", "_metadata");
    }

    @Test
    void theKeyMayTravelAsBasicPasswordBearerOrInTheBody() {
        answer("/v1/track", "Basic " + base64(":" + tenant.ingest()), track("By Password"), HttpStatus.OK);
        answer("/v1/track", "Bearer " + tenant.ingest(), track("By Bearer"), HttpStatus.OK);
        answer("/v1/batch", null, """
                {"writeKey": "%s", "batch": [%s]}""".formatted(tenant.ingest(), track("In Body")), HttpStatus.OK);
        assertThat(stored()).extracting(Event::type).containsExactlyInAnyOrder("By Password", "By Bearer", "In Body");
    }

    @Test
    void wrongKeysAreRefusedAndStoreNothing() {
        problem("/v1/track", null, track("x"), HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED");
        problem("/v1/track", basic("el_ingest_no-such-key"), track("x"), HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED");
        problem("/v1/track", "Basic !!not-base64!!", track("x"), HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED");
        problem(
                "/v1/batch",
                basic(tenant.read()),
                "{\"batch\": [" + track("x") + "]}",
                HttpStatus.FORBIDDEN,
                "FORBIDDEN");
        problem("/v1/batch", null, "{\"writeKey\": 7, \"batch\": []}", HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED");
        assertThat(stored()).isEmpty();
    }

    @Test
    void aBatchStoresItsValidMessagesAndNamesTheSegmentFieldOfEachRefusal() {
        Instant now = Instant.now();
        Instant original = now.minus(Duration.ofMinutes(5)).plus(Duration.ofHours(1));
        String body = """
                {"batch": [
                  %s,
                  {"type": "track", "userId": "u"},
                  {"type": "purchase", "userId": "u"},
                  {"type": "identify", "traits": {"plan": "pro"}},
                  {"type": "track", "event": "bad\\nname", "userId": "u"},
                  {"type": "track", "event": "Late", "userId": "u", "timestamp": "yesterday"},
                  {"type": "identify", "userId": "u", "traits": {"country": {"a": {"b": {"c": {"d": {"e": 1}}}}}}},
                  7,
                  {"type": "track", "event": "Skewed", "anonymousId": "a", "originalTimestamp": "%s",
                   "sentAt": "%s"}
                ], "context": {"os": {"name": "Android"}}}
                """.formatted(track("Kept"), original, now.plus(Duration.ofHours(1)));
        answer("/v1/batch", basic(tenant.ingest()), body, HttpStatus.OK)
                .jsonPath("$.success")
                .isEqualTo(true)
                .jsonPath("$.accepted")
                .isEqualTo(2)
                .jsonPath("$.rejected[*].index")
                .isEqualTo(List.of(1, 2, 3, 4, 5, 6, 7))
                .jsonPath("$.rejected[*].field")
                .isEqualTo(
                        List.of("event", "type", "userId", "event", "timestamp", "traits.country.a.b.c.d", "batch[7]"));
        List<Event> stored = stored();
        assertThat(stored).extracting(Event::type).containsExactlyInAnyOrder("Kept", "Skewed");
        assertThat(stored).extracting(Event::os).containsOnly("Android");
        // The sender's clock ran an hour ahead: its originalTimestamp is corrected by the skew sentAt shows.
        assertThat(only(stored, "Skewed").timestamp().toEpochMilli())
                .isCloseTo(now.minus(Duration.ofMinutes(5)).toEpochMilli(), within(5_000L));
    }

    @Test
    void hostileBodiesGetCoded400sNever500sAndStoreNothing() {
        String key = basic(tenant.ingest());
        problem("/v1/batch", key, "{\"batch\": [", HttpStatus.BAD_REQUEST, "MALFORMED_JSON");
        problem("/v1/track", key, "[" + track("x") + "]", HttpStatus.BAD_REQUEST, "MALFORMED_JSON");
        problem("/v1/batch", key, "{\"batch\": {\"type\": \"track\"}}", HttpStatus.BAD_REQUEST, "INVALID_BODY")
                .jsonPath("$.field")
                .isEqualTo("batch");
        problem("/v1/batch", key, "{\"batch\": [], \"context\": 3}", HttpStatus.BAD_REQUEST, "INVALID_BODY");
        problem("/v1/batch", key, "{\"batch\": []}", HttpStatus.BAD_REQUEST, "EMPTY_BATCH");
        problem("/v1/track", key, "", HttpStatus.BAD_REQUEST, "EMPTY_BATCH");
        problem(
                "/v1/batch",
                key,
                "{\"batch\": [" + (track("x") + ",").repeat(10_000) + track("x") + "]}",
                HttpStatus.BAD_REQUEST,
                "TOO_MANY_EVENTS");
        // Streamed without Content-Length: the limit holds while reading, and the answer tells not to resend.
        byte[] chunk = " ".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        Flux<DataBuffer> chunks = Flux.range(0, 16 * 16 + 1)
                .map(i -> DefaultDataBufferFactory.sharedInstance.wrap(
                        i == 0 ? "{".getBytes(StandardCharsets.US_ASCII) : chunk));
        web(key).post()
                .uri("/v1/batch")
                .contentType(MediaType.APPLICATION_JSON)
                .body(BodyInserters.fromDataBuffers(chunks))
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.BAD_REQUEST)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("BODY_TOO_LARGE");
        answer("/v1/track", key, "{\"event\": \"x\"}", HttpStatus.BAD_REQUEST)
                .jsonPath("$.success")
                .isEqualTo(false)
                .jsonPath("$.rejected[0].field")
                .isEqualTo("userId");
        for (String body : List.of(
                "[".repeat(100_000),
                "{\"batch\": [null, true, \"x\", {}]}",
                "{\"userId\": {\"a\": 1}, \"event\": \"x\"}",
                "{\"userId\": \"u\", \"event\": \"x\", \"context\": []}",
                "{\"userId\": \"u\", \"event\": \"x\", \"properties\": {\"revenue\": 1e999999}, "
                        + "\"traits\": {\"n\": 1e999999}}",
                "{\"userId\": \"u\", \"event\": \"x\", \"messageId\": \"" + "m".repeat(5000) + "\"}",
                "{\"userId\": \"u\\u0000\", \"event\": \"x\\u0000\"}",
                "\u00ff\u00fe")) {
            for (String path : List.of("/v1/track", "/v1/batch", "/v1/identify")) {
                web(key).post()
                        .uri(path)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)
                        .exchange()
                        .expectStatus()
                        .value(status -> assertThat(status)
                                .as("%s %s", path, body.substring(0, Math.min(60, body.length())))
                                .isBetween(400, 499))
                        .expectBody()
                        .returnResult();
            }
        }
        assertThat(stored()).isEmpty();
    }

    private String track(String event) {
        return "{\"type\": \"track\", \"event\": \"" + event + "\", \"userId\": \"u-1\"}";
    }

    private static String basic(String writeKey) {
        return "Basic " + base64(writeKey + ":");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private WebTestClient web(@Nullable String authorization) {
        WebTestClient.Builder builder = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(60));
        if (authorization != null) {
            builder.defaultHeader(HttpHeaders.AUTHORIZATION, authorization);
        }
        return builder.build();
    }

    private WebTestClient.BodyContentSpec answer(
            String path, @Nullable String authorization, String body, HttpStatus status) {
        return web(authorization)
                .post()
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_JSON)
                .expectBody();
    }

    private WebTestClient.BodyContentSpec problem(
            String path, @Nullable String authorization, String body, HttpStatus status, String code) {
        return web(authorization)
                .post()
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo(code)
                .jsonPath("$.instance")
                .isEqualTo(path);
    }

    private List<Event> stored() {
        List<Event> events = new ArrayList<>();
        storage.events(new EventPageQuery(new ProjectId(tenant.id()), List.of(), null, null, 1000, null))
                .as(StepVerifier::create)
                .assertNext(page -> {
                    assertThat(page.hasNextPage()).isFalse();
                    events.addAll(page.events());
                })
                .verifyComplete();
        return events;
    }

    private static Event only(List<Event> events, String type) {
        List<Event> ofType =
                events.stream().filter(event -> event.type().equals(type)).toList();
        assertThat(ofType).as(type).hasSize(1);
        return ofType.getFirst();
    }
}
