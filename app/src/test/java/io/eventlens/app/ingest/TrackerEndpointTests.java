package io.eventlens.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensAppTest;
import io.eventlens.app.access.Client;
import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.storage.EventStorage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;

/**
 * The tracker's script ({@code /js/eventlens.js}) and endpoint ({@code POST /v1/collect}) over plain HTTP: what the
 * server fills in, what it drops on purpose (robots, a flooding visitor) and how it refuses hostile input.
 */
@EventLensAppTest
class TrackerEndpointTests {

    static final String ORIGIN = "https://shop.example";
    static final String FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
    static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    static final String GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

    @LocalServerPort
    int port;

    @Autowired
    EventStorage storage;

    Client.Tenant tenant;
    String key;

    @BeforeEach
    void browserKey() {
        Client client = new Client(port);
        tenant = client.newProject("collect-" + UUID.randomUUID().toString().substring(0, 8));
        key = client.data(tenant.admin(), """
                mutation { createApiKey(input: {scope: INGEST, allowedOrigins: ["https://shop.example"]}) { secret } }
                """, Map.of())
                .path("createApiKey")
                .path("secret")
                .asString();
    }

    @Test
    void theScriptIsSmallCacheableAndServedCompressed() throws Exception {
        // The JDK's client: it sends Accept-Encoding as given and leaves the body as served.
        HttpClient http = HttpClient.newHttpClient();
        URI script = URI.create("http://localhost:" + port + "/js/eventlens.js");
        HttpResponse<byte[]> zipped = http.send(
                HttpRequest.newBuilder(script).header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zipped.statusCode()).isEqualTo(200);
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(zipped.headers().firstValue("Cache-Control")).hasValue("max-age=86400, public");
        assertThat(zipped.headers().firstValue("Content-Type")).hasValue("text/javascript;charset=UTF-8");
        assertThat(zipped.body()).hasSizeLessThanOrEqualTo(2048);
        String text = new String(
                new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(text).contains("sendBeacon").contains("pushState").doesNotContain("document.cookie");
        System.out.printf("Tracker script: %d bytes, %d gzipped%n", text.length(), zipped.body().length);

        HttpResponse<String> plain =
                http.send(HttpRequest.newBuilder(script).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.body()).isEqualTo(text);
        String etag = plain.headers().firstValue("ETag").orElseThrow();
        assertThat(http.send(
                                HttpRequest.newBuilder(script)
                                        .header("If-None-Match", etag)
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(304);
    }

    @Test
    void theServerFillsInVisitorDeviceBrowserOsAndCountry() {
        collect(
                        FIREFOX,
                        "DE",
                        "{\"events\": [{\"n\": \"page_view\", \"u\": \"https://shop.example/a?utm_medium=ad\","
                                + " \"r\": \"https://shop.example/\"}, {\"n\": \"signup\", \"u\": \"https://shop.example/a\", "
                                + "\"p\": {\"plan\": \"pro\"}}]}")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.accepted")
                .isEqualTo(2)
                .jsonPath("$.dropped")
                .isEqualTo(0);
        collect(IPHONE, "XX", "{\"events\": [{\"u\": \"https://shop.example/\", \"r\": \"https://news.example/x\"}]}")
                .expectStatus()
                .isOk();

        List<Event> stored = stored();
        assertThat(stored).hasSize(3);
        Event firefox = stored.stream()
                .filter(e -> e.type().equals("signup"))
                .findFirst()
                .orElseThrow();
        assertThat(firefox.device()).isEqualTo("desktop");
        assertThat(firefox.browser()).isEqualTo("Firefox");
        assertThat(firefox.os()).isEqualTo("Windows");
        assertThat(firefox.country()).isEqualTo("DE");
        Event visit = stored.stream()
                .filter(e -> "/a".equals(e.page()) && e.type().equals("page_view"))
                .findFirst()
                .orElseThrow();
        assertThat(visit.referrer())
                .as("a click inside the site is no referrer")
                .isNull();
        assertThat(visit.properties()).containsEntry("utm_medium", "ad");
        assertThat(visit.userId()).isEqualTo(firefox.userId());
        Event iphone =
                stored.stream().filter(e -> "/".equals(e.page())).findFirst().orElseThrow();
        assertThat(iphone.device()).isEqualTo("mobile");
        assertThat(iphone.os()).isEqualTo("iOS");
        assertThat(iphone.country()).as("XX is no country").isNull();
        assertThat(iphone.referrer()).isEqualTo("https://news.example/x");
        assertThat(iphone.userId()).as("another browser, another visitor").isNotEqualTo(firefox.userId());
    }

    @Test
    void robotsAndAFloodingVisitorAreDroppedAndSaidSo() {
        collect(GOOGLEBOT, null, "{\"events\": [{\"u\": \"https://shop.example/\"}]}")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.dropped")
                .isEqualTo(1)
                .jsonPath("$.accepted")
                .isEqualTo(0);
        collect("", null, "{\"events\": [{\"u\": \"https://shop.example/\"}]}")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.dropped")
                .isEqualTo(1);
        assertThat(stored()).isEmpty();

        // A visitor of its own (its own User-Agent): 120 events a minute, the rest dropped.
        String agent = FIREFOX + " flood/" + UUID.randomUUID();
        String fifty = "{\"events\": ["
                + String.join(
                        ",", java.util.Collections.nCopies(50, "{\"n\": \"tick\", \"u\": \"https://shop.example/\"}"))
                + "]}";
        int accepted = 0;
        int dropped = 0;
        for (int i = 0; i < 3; i++) {
            var body = collect(agent, null, fifty)
                    .expectStatus()
                    .isOk()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            accepted += ((Number) body.get("accepted")).intValue();
            dropped += ((Number) body.get("dropped")).intValue();
        }
        assertThat(accepted).isEqualTo(120);
        assertThat(dropped).isEqualTo(30);
        assertThat(stored()).hasSize(120);
    }

    @Test
    void hostileRequestsGetCoded4xxAndStoreNothing() {
        record Hostile(String uri, String body, HttpStatus status, String code) {}
        for (Hostile hostile : List.of(
                new Hostile("/v1/collect", "{\"events\": [{}]}", HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED"),
                new Hostile(
                        "/v1/collect?key=el_ingest_nope",
                        "{\"events\": [{}]}",
                        HttpStatus.UNAUTHORIZED,
                        "UNAUTHENTICATED"),
                new Hostile("/v1/collect?key=" + key, "{\"events\": [", HttpStatus.BAD_REQUEST, "MALFORMED_JSON"),
                new Hostile("/v1/collect?key=" + key, "", HttpStatus.BAD_REQUEST, "EMPTY_BATCH"),
                new Hostile("/v1/collect?key=" + key, "{\"events\": {}}", HttpStatus.BAD_REQUEST, "INVALID_BODY"),
                new Hostile(
                        "/v1/collect?key=" + key,
                        "{\"events\": [" + "{},".repeat(50) + "{}]}",
                        HttpStatus.CONTENT_TOO_LARGE,
                        "TOO_MANY_EVENTS"),
                new Hostile(
                        "/v1/collect?key=" + key,
                        "{\"events\": [{\"u\": \"" + "x".repeat(70_000) + "\"}]}",
                        HttpStatus.CONTENT_TOO_LARGE,
                        "BODY_TOO_LARGE"))) {
            web().post()
                    .uri(hostile.uri())
                    .header(HttpHeaders.USER_AGENT, FIREFOX)
                    .contentType(MediaType.TEXT_PLAIN)
                    .bodyValue(hostile.body())
                    .exchange()
                    .expectStatus()
                    .isEqualTo(hostile.status())
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo(hostile.code());
        }
        // Malformed events are refused one by one, naming the field; nothing else of them is stored.
        collect(
                        FIREFOX,
                        null,
                        "{\"events\": [7, {\"u\": \"not a url\"}, {\"u\": \"https://shop.example/\", "
                                + "\"p\": [1]}, {\"n\": \"\", \"u\": \"https://shop.example/\"}]}")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.accepted")
                .isEqualTo(0)
                .jsonPath("$.rejected[*].field")
                .isEqualTo(List.of("events[0]", "events[1].u", "events[2].p", "type"));
        assertThat(stored()).isEmpty();
    }

    private WebTestClient.ResponseSpec collect(String userAgent, String country, String body) {
        WebTestClient.RequestBodySpec request = web().post()
                .uri("/v1/collect?key=" + key)
                .header(HttpHeaders.ORIGIN, ORIGIN)
                .contentType(MediaType.TEXT_PLAIN);
        if (userAgent != null) {
            request.header(HttpHeaders.USER_AGENT, userAgent);
        }
        if (country != null) {
            request.header("X-Test-Country", country);
        }
        return request.bodyValue(body).exchange();
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
