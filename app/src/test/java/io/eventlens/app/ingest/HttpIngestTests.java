package io.eventlens.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.eventlens.app.EventLensAppTest;
import io.eventlens.app.TestKeys;
import io.eventlens.app.access.Client;
import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.Event;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.ingest.IngestResult;
import io.eventlens.core.ingest.Rejection;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.query.Filter;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.storage.EventStorage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
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

/**
 * {@code POST /v1/events} as a client uses it, checked against what the storage then holds. The database is shared
 * with other test classes, so every test sends its own event type and reads back only that.
 */
@EventLensAppTest
class HttpIngestTests {

    static final MediaType NDJSON = MediaType.APPLICATION_NDJSON;

    @LocalServerPort
    int port;

    @Autowired
    EventStorage storage;

    /** An hour ago, with nanoseconds, so the stored microsecond truncation shows. */
    final Instant sent = Instant.now()
            .minus(Duration.ofHours(1))
            .truncatedTo(ChronoUnit.SECONDS)
            .plusNanos(123_456_789);

    final String type = "http_test_" + UUID.randomUUID().toString().replace("-", "");

    @Nested
    class Batches {

        @Test
        void mixedBatchStoresExactlyTheValidOnes() {
            UUID first = UUID.randomUUID();
            UUID second = UUID.randomUUID();
            UUID third = UUID.randomUUID();
            String body = "["
                    + String.join(
                            ",",
                            """
                    {"id": "%s", "type": "%s", "timestamp": "%s", "userId": "u1", "country": "de", "revenue": 12.5,
                     "page": "/pricing", "properties": {"plan": "pro", "seats": 3, "ratio": 0.25, "tags": ["a", "b"]}}
                    """.formatted(first, type, sent),
                            event(UUID.randomUUID(), "\"country\": \"XX\""),
                            event(second, null),
                            event(UUID.randomUUID(), "\"userid\": \"u2\""),
                            event(third, "\"timestamp\": " + sent.toEpochMilli()))
                    + "]";

            IngestResult result = post(MediaType.APPLICATION_JSON, body, HttpStatus.OK);

            assertThat(result.accepted()).isEqualTo(3);
            assertThat(result.duplicates()).isZero();
            assertThat(result.rejected())
                    .extracting(Rejection::index, Rejection::field)
                    .containsExactly(tuple(1, "country"), tuple(3, "userid"));
            assertThat(result.rejected().get(1).reason())
                    .isEqualTo("unknown field 'userid'; did you mean 'userId'? custom data goes under properties");
            assertStored(events -> {
                assertThat(ids(events)).containsExactlyInAnyOrder(first, second, third);
                Event full = events.stream()
                        .filter(e -> e.id().equals(first))
                        .findFirst()
                        .orElseThrow();
                assertThat(full.timestamp()).isEqualTo(sent.truncatedTo(ChronoUnit.MICROS));
                assertThat(full.country()).isEqualTo("DE");
                assertThat(full.userId()).isEqualTo("u1");
                assertThat(full.page()).isEqualTo("/pricing");
                assertThat(full.revenue()).isEqualTo(12.5);
                assertThat(full.properties())
                        .containsEntry("plan", "pro")
                        .containsEntry("ratio", 0.25)
                        .containsEntry("tags", List.of("a", "b"));
                assertThat(((Number) full.properties().get("seats")).longValue())
                        .isEqualTo(3L);
                Event millis = events.stream()
                        .filter(e -> e.id().equals(third))
                        .findFirst()
                        .orElseThrow();
                assertThat(millis.timestamp()).isEqualTo(Instant.ofEpochMilli(sent.toEpochMilli()));
            });
        }

        @Test
        void retriedBatchIsAllDuplicatesAndStoresNothingNew() {
            List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
            String body = ids.stream().map(id -> event(id, null)).collect(Collectors.joining(",", "[", "]"));

            IngestResult first = post(MediaType.APPLICATION_JSON, body, HttpStatus.OK);
            IngestResult retry = post(MediaType.APPLICATION_JSON, body, HttpStatus.OK);

            assertThat(first).isEqualTo(new IngestResult(3, 0, List.of()));
            assertThat(retry).isEqualTo(new IngestResult(0, 3, List.of()));
            assertStored(events -> assertThat(ids(events)).containsExactlyInAnyOrderElementsOf(ids));
        }

        @Test
        void idRepeatedInsideOneBatchIsStoredOnce() {
            UUID id = UUID.randomUUID();
            IngestResult result = post(
                    MediaType.APPLICATION_JSON, "[" + event(id, null) + "," + event(id, null) + "]", HttpStatus.OK);

            assertThat(result).isEqualTo(new IngestResult(1, 1, List.of()));
            assertStored(events -> assertThat(ids(events)).containsExactly(id));
        }

        @Test
        void singleObjectIsABatchOfOne() {
            UUID id = UUID.randomUUID();
            assertThat(post(MediaType.APPLICATION_JSON, event(id, null), HttpStatus.OK))
                    .isEqualTo(new IngestResult(1, 0, List.of()));
            assertStored(events -> assertThat(ids(events)).containsExactly(id));
        }

        @Test
        void eventsWithoutIdGetOne() {
            String body = "[{\"type\": \"%s\"}, {\"type\": \"%s\"}]".formatted(type, type);
            assertThat(post(MediaType.APPLICATION_JSON, body, HttpStatus.OK))
                    .isEqualTo(new IngestResult(2, 0, List.of()));
            assertStored(events -> assertThat(ids(events)).hasSize(2).doesNotContainNull());
        }

        @Test
        void ndjsonWithAMalformedLineStoresTheRest() {
            UUID first = UUID.randomUUID();
            UUID last = UUID.randomUUID();
            String body = event(first, null) + "\n\n{\"type\": oops}\n" + event(last, null) + "\n";

            IngestResult result = post(NDJSON, body, HttpStatus.OK);

            assertThat(result.accepted()).isEqualTo(2);
            assertThat(result.rejected()).hasSize(1);
            Rejection rejection = result.rejected().getFirst();
            assertThat(rejection.index()).isEqualTo(1);
            assertThat(rejection.field()).isEqualTo("$");
            assertThat(rejection.reason()).startsWith("malformed JSON at line 3, column 10: ");
            assertStored(events -> assertThat(ids(events)).containsExactlyInAnyOrder(first, last));
        }

        @Test
        void everyEventRejectedIs422WithTheSameBody() {
            String body = "[{\"type\": \"\"}, {\"type\": \"%s\", \"revenue\": \"12\"}, 7]".formatted(type);

            IngestResult result = post(MediaType.APPLICATION_JSON, body, HttpStatus.UNPROCESSABLE_CONTENT);

            assertThat(result.accepted()).isZero();
            assertThat(result.duplicates()).isZero();
            assertThat(result.rejected())
                    .extracting(Rejection::index, Rejection::field)
                    .containsExactly(tuple(0, "type"), tuple(1, "revenue"), tuple(2, "$"));
            assertStored(events -> assertThat(events).isEmpty());
        }

        @Test
        void ndjsonWithOnlyMalformedLinesIs422() {
            IngestResult result = post(NDJSON, "nope\n{\"type\":\n", HttpStatus.UNPROCESSABLE_CONTENT);

            assertThat(result.rejected())
                    .extracting(Rejection::index, Rejection::field)
                    .containsExactly(tuple(0, "$"), tuple(1, "$"));
        }

        @Test
        void thousandEventBatchIsAccepted() {
            List<UUID> ids = new ArrayList<>();
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                UUID id = UUID.randomUUID();
                ids.add(id);
                body.append(event(id, "\"userId\": \"user-" + (i % 37) + "\", \"properties\": {\"i\": " + i + "}"))
                        .append('\n');
            }

            assertThat(post(NDJSON, body.toString(), HttpStatus.OK)).isEqualTo(new IngestResult(1000, 0, List.of()));
            assertStored(events -> {
                assertThat(ids(events)).containsExactlyInAnyOrderElementsOf(ids);
                assertThat(events.stream()
                                .map(e -> ((Number) e.properties().get("i")).intValue())
                                .collect(Collectors.toSet()))
                        .hasSize(1000);
            });
        }
    }

    @Nested
    class Problems {

        @Test
        void malformedJsonIs400WithLineAndColumn() {
            problem(
                            MediaType.APPLICATION_JSON,
                            "[{\"type\": \"a\"},\n {\"type\" \"b\"}]",
                            HttpStatus.BAD_REQUEST,
                            "MALFORMED_JSON")
                    .jsonPath("$.field")
                    .isEqualTo("$")
                    .jsonPath("$.line")
                    .isEqualTo(2)
                    .jsonPath("$.column")
                    .isEqualTo(10)
                    .jsonPath("$.detail")
                    .value(
                            String.class,
                            detail -> assertThat(detail).startsWith("malformed JSON at line 2, column 10: "));
            assertStored(events -> assertThat(events).isEmpty());
        }

        @Test
        void emptyBatchIs400() {
            problem(MediaType.APPLICATION_JSON, "[]", HttpStatus.BAD_REQUEST, "EMPTY_BATCH")
                    .jsonPath("$.field")
                    .isEqualTo("$");
            problem(MediaType.APPLICATION_JSON, "", HttpStatus.BAD_REQUEST, "EMPTY_BATCH");
            problem(NDJSON, "\n \n\r\n", HttpStatus.BAD_REQUEST, "EMPTY_BATCH");
        }

        @Test
        void tooManyEventsIs413() {
            String body = "{\"type\": \"%s\"}\n".formatted(type).repeat(10_001);
            problem(NDJSON, body, HttpStatus.CONTENT_TOO_LARGE, "TOO_MANY_EVENTS")
                    .jsonPath("$.detail")
                    .value(String.class, detail -> assertThat(detail).contains("10000"));
            assertStored(events -> assertThat(events).isEmpty());
        }

        @Test
        void exactlyTheBatchLimitIsAccepted() {
            String body = "{\"type\": \"%s\"}\n".formatted(type).repeat(10_000);
            assertThat(post(NDJSON, body, HttpStatus.OK)).isEqualTo(new IngestResult(10_000, 0, List.of()));
        }

        @Test
        void unsupportedContentTypeIs415() {
            problem(
                            MediaType.TEXT_PLAIN,
                            event(UUID.randomUUID(), null),
                            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                            "UNSUPPORTED_MEDIA_TYPE")
                    .jsonPath("$.detail")
                    .value(
                            String.class,
                            detail -> assertThat(detail)
                                    .contains("application/json")
                                    .contains("application/x-ndjson"));
            web().post()
                    .uri("/v1/events")
                    .bodyValue(new byte[] {'{', '}'})
                    .exchange()
                    .expectStatus()
                    .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("UNSUPPORTED_MEDIA_TYPE");
            assertStored(events -> assertThat(events).isEmpty());
        }

        @Test
        void aContentTypeThatDoesNotParseIs415NotA500() {
            // Found by HttpFuzzTests: the header was parsed outside the handler's error mapping.
            for (String contentType : List.of(
                    ";;;",
                    "application/",
                    "application/json; charset=nope",
                    "application/json;;;q=x",
                    "application/json, text/plain")) {
                // A plain client: WebTestClient refuses to send such a header at all.
                var response = new Client(port)
                        .send(TestKeys.INGEST, "POST", "/v1/events", contentType, event(UUID.randomUUID(), null));
                assertThat(response.statusCode())
                        .as(contentType + ": " + response.body())
                        .isEqualTo(415);
                assertThat(Client.JSON.readTree(response.body()).path("code").asString())
                        .isEqualTo("UNSUPPORTED_MEDIA_TYPE");
            }
            assertStored(events -> assertThat(events).isEmpty());
        }

        @Test
        void bodyOverTheLimitIs413WhileReading() {
            // Streamed in chunks without Content-Length: the limit must hold while reading, not after.
            byte[] chunk = " ".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            DefaultDataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;
            Flux<DataBuffer> chunks =
                    Flux.range(0, 16 * 16 + 1).map(i -> i == 0 ? buffers.wrap("[".getBytes()) : buffers.wrap(chunk));
            web().post()
                    .uri("/v1/events")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(BodyInserters.fromDataBuffers(chunks))
                    .exchange()
                    .expectStatus()
                    .isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("BODY_TOO_LARGE");
        }

        @Test
        void announcedBodyOverTheLimitIs413BeforeTheBodyIsRead() throws IOException {
            // A raw socket announces 16 MB + 1 and sends one byte: the answer must come without the rest being sent.
            try (Socket socket = new Socket("localhost", port)) {
                socket.setSoTimeout(30_000);
                String head = "POST /v1/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Authorization: " + TestKeys.bearer(TestKeys.INGEST) + "\r\n"
                        + "Content-Length: " + (16 * 1024 * 1024 + 1) + "\r\n\r\n[";
                socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                BufferedReader response =
                        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                assertThat(response.readLine()).startsWith("HTTP/1.1 413");
                StringBuilder rest = new StringBuilder();
                char[] chunk = new char[4096];
                for (int n; !rest.toString().contains("}") && (n = response.read(chunk)) > 0; ) {
                    rest.append(chunk, 0, n);
                }
                assertThat(rest.toString())
                        .containsIgnoringCase("Content-Type: application/problem+json")
                        .contains("\"code\":\"BODY_TOO_LARGE\"");
            }
        }

        @Test
        void bodyJustUnderTheLimitIsRead() {
            // 16 MB of padding around one event: read, parsed and stored.
            String event = event(UUID.randomUUID(), null);
            byte[] body = (event + " ".repeat(16 * 1024 * 1024 - event.length())).getBytes(StandardCharsets.US_ASCII);
            assertThat(body).hasSize(16 * 1024 * 1024);
            web().post()
                    .uri("/v1/events")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(IngestResult.class)
                    .isEqualTo(new IngestResult(1, 0, List.of()));
        }

        @Test
        void hostileBodiesNeverGetA500() {
            List<byte[]> bodies = List.of(
                    "[".repeat(100_000).getBytes(),
                    new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2},
                    "[{\"type\": \"a\", \"revenue\": 1e999999}]".getBytes(),
                    ("[{\"type\": \"a\", \"properties\": {\"n\": " + "9".repeat(5000) + "}}]").getBytes(),
                    "[{\"type\": \"a\\u0000\"}]".getBytes(),
                    "[{\"type\": \"a\", \"page\": \"\\ud800\"}]".getBytes(),
                    "[{\"type\": \"a\", \"properties\": {\"\\u0000\": 1}}]".getBytes(),
                    "[{\"type\": \"a\", \"timestamp\": 99999999999999999999}]".getBytes(),
                    "[{\"type\": \"a\", \"timestamp\": \"+999999999-12-31T23:59:59Z\"}]".getBytes(),
                    "[null, true, \"x\", {}]".getBytes(),
                    "{\"type\": \"a\"}}".getBytes());
            for (MediaType mediaType : List.of(MediaType.APPLICATION_JSON, NDJSON)) {
                for (byte[] body : bodies) {
                    web().post()
                            .uri("/v1/events")
                            .contentType(mediaType)
                            .bodyValue(body)
                            .exchange()
                            .expectStatus()
                            .value(status -> assertThat(status)
                                    .as("status for %s", new String(body, 0, Math.min(body.length, 60)))
                                    .isBetween(400, 499))
                            // Read the problem body: an unread response leaves the client's buffers unreleased.
                            .expectBody()
                            .returnResult();
                }
            }
        }
    }

    /** One valid event of this test's type, with an optional extra JSON member. */
    String event(UUID id, @Nullable String extra) {
        return "{\"id\": \"%s\", \"type\": \"%s\", \"timestamp\": \"%s\"%s}"
                .formatted(id, type, sent, extra == null ? "" : ", " + extra);
    }

    IngestResult post(MediaType contentType, String body, HttpStatus expected) {
        return web().post()
                .uri("/v1/events")
                .contentType(contentType)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isEqualTo(expected)
                .expectHeader()
                .contentType(MediaType.APPLICATION_JSON)
                .expectBody(IngestResult.class)
                .returnResult()
                .getResponseBody();
    }

    WebTestClient.BodyContentSpec problem(MediaType contentType, String body, HttpStatus status, String code) {
        return web().post()
                .uri("/v1/events")
                .contentType(contentType)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(status.value())
                .jsonPath("$.code")
                .isEqualTo(code)
                .jsonPath("$.instance")
                .isEqualTo("/v1/events")
                .jsonPath("$.trace")
                .doesNotExist();
    }

    /** The events of this test's type the storage now holds. */
    void assertStored(Consumer<List<Event>> check) {
        Filter ofThisTest = new Filter(new Dimension.Column(EventColumn.TYPE), FilterOp.EQ, List.of(type));
        storage.events(new EventPageQuery(ProjectId.DEFAULT, List.of(ofThisTest), null, null, 1000, null))
                .as(StepVerifier::create)
                .assertNext(page -> {
                    assertThat(page.hasNextPage()).isFalse();
                    check.accept(page.events());
                })
                .verifyComplete();
    }

    static Set<UUID> ids(List<Event> events) {
        return events.stream().map(Event::id).collect(Collectors.toSet());
    }

    /** HTTP with the demo project's ingest key. */
    WebTestClient web() {
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .defaultHeader(HttpHeaders.AUTHORIZATION, TestKeys.bearer(TestKeys.INGEST))
                .responseTimeout(Duration.ofSeconds(60))
                .build();
    }
}
