package io.eventlens.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.EventCursor;
import io.eventlens.core.query.EventPage;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.storage.EventStorage;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;

/**
 * Every acknowledged event outlives the process: ingest over HTTP, stop the app, start it again on the same data
 * directory (the same embedded PostgreSQL cluster) and find each event, and a resent batch counted as duplicates.
 */
class RestartTests {

    private static final int EVENTS = 40;

    @Test
    void acknowledgedEventsSurviveARestartAndResendingGivesDuplicates() {
        Path dataDir = Path.of("target", "test-data", TestRun.ID, "restart-" + UUID.randomUUID());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<Map<String, Object>> batch = batch(now);

        try (ConfigurableApplicationContext first = start(dataDir)) {
            post(first, batch)
                    .jsonPath("$.accepted")
                    .isEqualTo(EVENTS)
                    .jsonPath("$.duplicates")
                    .isEqualTo(0)
                    .jsonPath("$.rejected")
                    .isEmpty();
        }

        try (ConfigurableApplicationContext second = start(dataDir)) {
            Map<UUID, Event> stored = allEvents(second.getBean(EventStorage.class));
            assertThat(stored.keySet())
                    .containsExactlyInAnyOrderElementsOf(batch.stream()
                            .map(event -> UUID.fromString((String) event.get("id")))
                            .toList());
            for (Map<String, Object> sent : batch) {
                Event event = stored.get(UUID.fromString((String) sent.get("id")));
                assertThat(event.type()).isEqualTo(sent.get("type"));
                assertThat(event.timestamp()).isEqualTo(Instant.parse((String) sent.get("timestamp")));
                assertThat(event.userId()).isEqualTo(sent.get("userId"));
                assertThat(event.revenue()).isEqualTo(sent.get("revenue"));
                Map<?, ?> properties = (Map<?, ?>) sent.get("properties");
                assertThat(event.properties()).containsOnlyKeys("duration_ms", "source");
                assertThat(event.properties().get("source")).isEqualTo(properties.get("source"));
                // How a JSON number comes back (Integer, Long, BigDecimal) is the engine's choice; its value is not.
                assertThat(((Number) event.properties().get("duration_ms")).longValue())
                        .isEqualTo(((Number) properties.get("duration_ms")).longValue());
            }

            post(second, batch)
                    .jsonPath("$.accepted")
                    .isEqualTo(0)
                    .jsonPath("$.duplicates")
                    .isEqualTo(EVENTS);
            assertThat(allEvents(second.getBean(EventStorage.class))).hasSize(EVENTS);
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir) {
        // Command-line arguments, not default properties: they must win over application.yml.
        return new SpringApplicationBuilder(EventLensApplication.class)
                .run(
                        "--eventlens.data-dir=" + dataDir,
                        "--eventlens.embedded-postgres.port=0",
                        "--eventlens.embedded-redis.port=0",
                        "--server.port=0",
                        TestKeys.arguments()[0],
                        TestKeys.arguments()[1]);
    }

    private static WebTestClient.BodyContentSpec post(
            ConfigurableApplicationContext context, List<Map<String, Object>> batch) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .build()
                .post()
                .uri("/v1/events")
                .header(HttpHeaders.AUTHORIZATION, TestKeys.bearer(TestKeys.INGEST))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(batch)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody();
    }

    /** Reads the whole store page by page, following the cursor, so paging itself is exercised too. */
    private static Map<UUID, Event> allEvents(EventStorage storage) {
        List<Event> events = new ArrayList<>();
        EventPage page = null;
        do {
            EventPageQuery query = new EventPageQuery(
                    ProjectId.DEFAULT,
                    List.of(),
                    null,
                    null,
                    15,
                    page == null ? null : EventCursor.of(page.events().getLast()));
            AtomicReference<EventPage> next = new AtomicReference<>();
            storage.events(query)
                    .as(StepVerifier::create)
                    .consumeNextWith(next::set)
                    .verifyComplete();
            page = next.get();
            events.addAll(page.events());
        } while (page.hasNextPage());
        return events.stream().collect(Collectors.toMap(Event::id, Function.identity()));
    }

    private static List<Map<String, Object>> batch(Instant now) {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("id", UUID.randomUUID().toString());
            event.put("type", i % 5 == 4 ? "purchase" : "page_view");
            event.put(
                    "timestamp",
                    now.minus(i * 7L, ChronoUnit.MINUTES).minusNanos(i * 1_000L).toString());
            event.put("userId", "restart-user-" + (i % 7));
            event.put("sessionId", "restart-session-" + (i % 11));
            @Nullable Double revenue = i % 5 == 4 ? 10.25 * i : null;
            if (revenue != null) {
                event.put("revenue", revenue);
            }
            event.put("properties", Map.of("duration_ms", 100 + i, "source", "restart-test"));
            batch.add(event);
        }
        return batch;
    }
}
