package io.eventlens.app.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/** Sends events through {@code POST /v1/events}, as producers do, and describes them for the tests' own sums. */
final class Ingest {

    private static final JsonMapper JSON = new JsonMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** An event as sent: the fields the tests compute expectations from. */
    record Sent(
            UUID id,
            String type,
            Instant timestamp,
            String userId,
            @Nullable String country,
            double revenue,
            @Nullable String note) {

        Sent(UUID id, String type, Instant timestamp, String userId, @Nullable String country, double revenue) {
            this(id, type, timestamp, userId, country, revenue, null);
        }

        Sent withNote(String text) {
            return new Sent(id, type, timestamp, userId, country, revenue, text);
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", id.toString());
            json.put("type", type);
            json.put("timestamp", timestamp.toString());
            json.put("userId", userId);
            if (country != null) {
                json.put("country", country);
            }
            json.put("revenue", revenue);
            if (note != null) {
                json.put("properties", Map.of("note", note));
            }
            return json;
        }
    }

    private Ingest() {}

    /** {@code count} events of {@code type} at random instants of {@code [from, to)}. */
    static List<Sent> random(SplittableRandom random, String type, Instant from, Instant to, int count) {
        List<Sent> events = new ArrayList<>();
        long span = to.toEpochMilli() - from.toEpochMilli();
        for (int i = 0; i < count; i++) {
            events.add(new Sent(
                    UUID.randomUUID(),
                    type,
                    from.plusMillis(random.nextLong(span)),
                    "user-" + random.nextInt(7),
                    random.nextBoolean() ? "DE" : "FR",
                    Math.round(random.nextDouble() * 10_000) / 100.0));
        }
        return events;
    }

    /** Sends one batch to the instance on {@code port}; every event must be stored as new. */
    static void send(int port, List<Sent> events) {
        assertThat(post(port, events)).contains("\"accepted\":" + events.size());
    }

    /** Sends a batch that was sent before: every event must be recognised as a duplicate. */
    static void resend(int port, List<Sent> events) {
        assertThat(post(port, events)).contains("\"accepted\":0").contains("\"duplicates\":" + events.size());
    }

    private static String post(int port, List<Sent> events) {
        String body = JSON.writeValueAsString(events.stream().map(Sent::toJson).toList());
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/events"))
                            .header("Content-Type", "application/json")
                            .header("Authorization", TestKeys.bearer(TestKeys.INGEST))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
            return response.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
