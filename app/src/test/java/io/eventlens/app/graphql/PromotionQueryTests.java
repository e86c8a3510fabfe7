package io.eventlens.app.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.TestKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.ResponseError;

/**
 * Promoted properties over GraphQL: promoted by mutation, filled in by the platform's own upkeep (no test hook),
 * listed with their progress, demoted; reports grouping by the property equal the test's own counts throughout, and
 * bad input is refused with a code naming the argument.
 */
class PromotionQueryTests extends GraphQlEndToEnd {

    static final String PROMOTE = """
            mutation Promote($name: String!, $type: PropertyType!) {
              promoteProperty(name: $name, type: $type) { name type status progress }
            }""";

    static final String DEMOTE = "mutation Demote($name: String!) { demoteProperty(name: $name) }";

    static final String LIST = "{ promotedProperties { name type status progress } }";

    /** The GraphQL {@code PromotedProperty}. */
    record Promoted(String name, String type, String status, double progress) {}

    private final String key = "promo_" + UUID.randomUUID().toString().substring(0, 8);
    private final Instant from = SampleEvents.day(109);
    private final Instant to = from.plus(Duration.ofDays(1));
    private final Map<@Nullable String, Long> expected = new HashMap<>();
    private int reports;

    @BeforeAll
    void sendEvents() {
        Random random = new Random();
        List<SentEvent> events = new ArrayList<>();
        for (SentEvent event : SampleEvents.random(random, from, Duration.ofDays(1), 400)) {
            Map<String, @Nullable Object> properties = new LinkedHashMap<>(event.properties());
            String value = List.of("a", "b", "c").get(random.nextInt(3));
            if (random.nextInt(5) > 0) {
                properties.put(key, value);
            }
            expected.merge(properties.containsKey(key) ? value : null, 1L, Long::sum);
            events.add(new SentEvent(
                    event.id(),
                    event.type(),
                    event.timestamp(),
                    event.userId(),
                    event.sessionId(),
                    event.country(),
                    event.device(),
                    event.browser(),
                    event.os(),
                    event.page(),
                    event.referrer(),
                    event.revenue(),
                    properties));
        }
        ingestAll(events);
    }

    @Test
    void aPromotedPropertyFillsInAndReportsStayTheSameThenItIsDemoted() throws InterruptedException {
        assertThat(counts()).as("before").isEqualTo(expected);

        Promoted promoted = graphQl()
                .document(PROMOTE)
                .variable("name", "properties." + key)
                .variable("type", "STRING")
                .execute()
                .path("promoteProperty")
                .entity(Promoted.class)
                .get();
        assertThat(promoted).isEqualTo(new Promoted("properties." + key, "STRING", "BACKFILLING", 0));
        assertThat(counts()).as("backfilling").isEqualTo(expected);

        Promoted ready = listed();
        for (int attempt = 0; attempt < 60 && !ready.status().equals("READY"); attempt++) {
            assertThat(ready.progress()).isBetween(0.0, 1.0);
            Thread.sleep(500);
            ready = listed();
        }
        assertThat(ready).isEqualTo(new Promoted("properties." + key, "STRING", "READY", 1.0));
        assertThat(counts()).as("ready").isEqualTo(expected);

        assertThat(graphQl()
                        .document(DEMOTE)
                        .variable("name", "properties." + key)
                        .execute()
                        .path("demoteProperty")
                        .entity(Boolean.class)
                        .get())
                .isTrue();
        assertThat(listed().status()).isEqualTo("DEMOTING");
        assertThat(counts()).as("demoting").isEqualTo(expected);
        assertThat(graphQl()
                        .document(DEMOTE)
                        .variable("name", "properties.never_promoted")
                        .execute()
                        .path("demoteProperty")
                        .entity(Boolean.class)
                        .get())
                .isFalse();
    }

    @Test
    void badInputIsRefusedWithACodeNamingTheArgument() {
        assertThat(promoteError("country", "STRING")).satisfies(e -> {
            assertThat(e.getExtensions())
                    .containsEntry("code", "UNKNOWN_DIMENSION")
                    .containsEntry("field", "name");
            assertThat(e.getMessage()).contains("properties.plan");
        });
        assertThat(promoteError("properties.", "STRING").getExtensions()).containsEntry("field", "name");

        String other = "properties.other_" + key;
        graphQl()
                .document(PROMOTE)
                .variable("name", other)
                .variable("type", "NUMBER")
                .execute()
                .path("promoteProperty.status")
                .entity(String.class)
                .isEqualTo("BACKFILLING");
        assertThat(promoteError(other, "STRING").getExtensions())
                .containsEntry("code", "INVALID_ARGUMENT")
                .containsEntry("field", "type");
        graphQl()
                .document(DEMOTE)
                .variable("name", other)
                .execute()
                .path("demoteProperty")
                .entity(Boolean.class)
                .isEqualTo(true);

        web().post()
                .uri("/graphql")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", PROMOTE, "variables", Map.of("name", "properties.x", "type", "DATE")))
                .exchange()
                .expectStatus()
                .value(status -> assertThat(status).as("no such type").isLessThan(500))
                .expectBody(String.class)
                .value(body -> assertThat(body).contains("VALIDATION_FAILED"));
        assertThat(errorsOf(graphQl(TestKeys.READ)
                        .document(PROMOTE)
                        .variable("name", "properties.x")
                        .variable("type", "STRING")))
                .as("an admin mutation")
                .singleElement();
        assertThat(errorsOf(graphQl(TestKeys.READ).document(LIST)))
                .as("an admin query")
                .singleElement();
    }

    private ResponseError promoteError(String name, String type) {
        List<ResponseError> errors =
                errorsOf(graphQl().document(PROMOTE).variable("name", name).variable("type", type));
        assertThat(errors).hasSize(1);
        return errors.getFirst();
    }

    private Promoted listed() {
        return graphQl().document(LIST).execute().path("promotedProperties").entityList(Promoted.class).get().stream()
                .filter(p -> p.name().equals("properties." + key))
                .findFirst()
                .orElseThrow();
    }

    /**
     * Events per value of the property over the test's day, as the report answers them; each call asks with another
     * limit (above the three values), so no answer comes from the report cache.
     */
    private Map<@Nullable String, Long> counts() {
        ReportResult report = report(Map.of(
                "metrics",
                List.of("events"),
                "dimensions",
                List.of("properties." + key),
                "limit",
                10 + reports++,
                "filters",
                List.of(Map.of("dimension", "properties.run", "op", "EQ", "values", List.of(SampleEvents.RUN))),
                "from",
                from.toString(),
                "to",
                to.toString()));
        Map<@Nullable String, Long> counts = new HashMap<>();
        for (Row row : report.rows()) {
            counts.put(
                    row.dimensions().getFirst(),
                    Math.round(java.util.Objects.requireNonNull(row.values().getFirst())));
        }
        return counts;
    }
}
