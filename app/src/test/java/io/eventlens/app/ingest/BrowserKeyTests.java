package io.eventlens.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensAppTest;
import io.eventlens.app.TestKeys;
import io.eventlens.app.access.Client;
import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.storage.EventStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/**
 * Browser keys: an ingest key bound to web origins, usable from pages of exactly those origins (CORS preflight and
 * answer), with the key in the URL or the body; other origins and server keys are refused and store nothing.
 */
@EventLensAppTest
class BrowserKeyTests {

    static final String SHOP = "https://shop.example";
    static final String EVIL = "https://evil.example";

    @LocalServerPort
    int port;

    @Autowired
    EventStorage storage;

    Client client;
    Client.Tenant tenant;
    String browserKey;

    @BeforeEach
    void browserKey() {
        client = new Client(port);
        tenant = client.newProject("browser-" + UUID.randomUUID().toString().substring(0, 8));
        JsonNode created = client.data(
                tenant.admin(),
                """
                mutation($o: [String!]) {
                  createApiKey(input: {scope: INGEST, name: "website", allowedOrigins: $o}) {
                    secret key { allowedOrigins } } }""",
                Map.of("o", List.of("HTTPS://Shop.Example/", "http://localhost:18299", "https://shop.example:443")));
        browserKey = created.path("createApiKey").path("secret").asString();
        List<String> origins = new ArrayList<>();
        created.path("createApiKey").path("key").path("allowedOrigins").forEach(o -> origins.add(o.asString()));
        assertThat(origins).containsExactly(SHOP, "http://localhost:18299");
    }

    @Test
    void onlyIngestKeysWithWellFormedOriginsMayBeBrowserKeys() {
        assertThat(client.errorCode(tenant.admin(), """
                mutation { createApiKey(input: {scope: READ, allowedOrigins: ["https://shop.example"]}) { secret } }""", Map.of())).isEqualTo("INVALID_ARGUMENT");
        for (String origin : List.of(
                "https://*.shop.example",
                "https://shop.example/path",
                "ftp://shop.example",
                "null",
                "shop.example",
                "https://user@shop.example")) {
            JsonNode answer = client.graphQl(tenant.admin(), """
                    mutation($o: [String!]) { createApiKey(input: {scope: INGEST, allowedOrigins: $o}) { secret } }""", Map.of("o", List.of(SHOP, origin)));
            assertThat(answer.path("errors")
                            .get(0)
                            .path("extensions")
                            .path("code")
                            .asString())
                    .as(origin)
                    .isEqualTo("INVALID_ARGUMENT");
            assertThat(answer.path("errors")
                            .get(0)
                            .path("extensions")
                            .path("field")
                            .asString())
                    .as(origin)
                    .endsWith("allowedOrigins[1]");
        }
    }

    @Test
    void aPreflightIsAnsweredForExactlyTheKeysOrigins() {
        web().options()
                .uri("/v1/events?key=" + browserKey)
                .header(HttpHeaders.ORIGIN, SHOP)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
                .exchange()
                .expectStatus()
                .isNoContent()
                .expectHeader()
                .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, SHOP)
                .expectHeader()
                .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "POST")
                .expectHeader()
                .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type, Authorization")
                .expectHeader()
                .valueEquals(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "86400")
                .expectHeader()
                .valueEquals(HttpHeaders.VARY, "Origin");
        for (String[] refused : new String[][] {
            {"/v1/batch?key=" + browserKey, EVIL},
            {"/v1/events?key=" + tenant.ingest(), SHOP},
            {"/v1/events", SHOP},
            {"/v1/track?key=el_ingest_unknown", SHOP},
            {"/v1/events?key=" + browserKey, "null"}
        }) {
            web().options()
                    .uri(refused[0])
                    .header(HttpHeaders.ORIGIN, refused[1])
                    .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                    .exchange()
                    .expectStatus()
                    .isForbidden()
                    .expectHeader()
                    .doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("ORIGIN_NOT_ALLOWED");
        }
    }

    @Test
    void aPageOfAnAllowedOriginSendsWithTheKeyInTheUrlOrTheBody() {
        web().post()
                .uri("/v1/events?key=" + browserKey)
                .header(HttpHeaders.ORIGIN, SHOP)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"type\": \"from_page\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, SHOP)
                .expectBody()
                .jsonPath("$.accepted")
                .isEqualTo(1);
        // As analytics.js sends from a page: text/plain (no preflight), the write key in the body.
        web().post()
                .uri("/v1/batch")
                .header(HttpHeaders.ORIGIN, "http://localhost:18299")
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue("{\"writeKey\": \"" + browserKey + "\", \"batch\": [{\"type\": \"page\", "
                        + "\"anonymousId\": \"a\"}]}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://localhost:18299")
                .expectBody()
                .jsonPath("$.accepted")
                .isEqualTo(1);
        // A browser key is still a key: a server may send with it (no Origin), which is what rate limits bound.
        web().post()
                .uri("/v1/events")
                .header(HttpHeaders.AUTHORIZATION, TestKeys.bearer(browserKey))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"type\": \"from_server\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
        assertThat(stored()).extracting(Event::type).containsExactlyInAnyOrder("from_page", "page_view", "from_server");
    }

    @Test
    void forgedOriginsAndServerKeysInPagesAreRefusedAndStoreNothing() {
        record Attempt(String uri, String origin, MediaType type, String body) {}
        for (Attempt attempt : List.of(
                new Attempt("/v1/events?key=" + browserKey, EVIL, MediaType.APPLICATION_JSON, "{\"type\": \"x\"}"),
                new Attempt("/v1/events?key=" + browserKey, "null", MediaType.APPLICATION_JSON, "{\"type\": \"x\"}"),
                new Attempt(
                        "/v1/events?key=" + browserKey,
                        "https://shop.example.evil.example",
                        MediaType.APPLICATION_JSON,
                        "{\"type\": \"x\"}"),
                new Attempt("/v1/events?key=" + tenant.ingest(), SHOP, MediaType.APPLICATION_JSON, "{\"type\": \"x\"}"),
                new Attempt(
                        "/v1/batch",
                        EVIL,
                        MediaType.TEXT_PLAIN,
                        "{\"writeKey\": \"" + browserKey
                                + "\", \"batch\": [{\"type\": \"page\", \"anonymousId\": \"a\"}]}"),
                new Attempt(
                        "/v1/track?key=" + browserKey,
                        EVIL,
                        MediaType.TEXT_PLAIN,
                        "{\"event\": \"x\", \"userId\": \"u\"}"))) {
            web().post()
                    .uri(attempt.uri())
                    .header(HttpHeaders.ORIGIN, attempt.origin())
                    .contentType(attempt.type())
                    .bodyValue(attempt.body())
                    .exchange()
                    .expectStatus()
                    .isForbidden()
                    .expectHeader()
                    .doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("ORIGIN_NOT_ALLOWED")
                    .jsonPath("$.field")
                    .isEqualTo("Origin");
        }
        assertThat(stored()).isEmpty();
    }

    private WebTestClient web() {
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    private List<Event> stored() {
        List<Event> events = new ArrayList<>();
        storage.events(new EventPageQuery(new ProjectId(tenant.id()), List.of(), null, null, 1000, null))
                .as(StepVerifier::create)
                .assertNext(page -> events.addAll(page.events()))
                .verifyComplete();
        return events;
    }
}
