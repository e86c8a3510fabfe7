package io.eventlens.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The app's HTTP API as the tests reach it: events in by POST /v1/events (ingest key), answers from /graphql (read key). */
final class Api {

    private static final JsonMapper JSON = new JsonMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;

    Api(int port) {
        this.port = port;
    }

    /** Sends one batch; every event must be stored as new. */
    void send(List<Map<String, Object>> events) {
        HttpResponse<String> response = post("/v1/events", JSON.writeValueAsString(events), DashboardKeys.INGEST);
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        assertThat(response.body()).contains("\"accepted\":" + events.size());
    }

    /** Runs a query; answers its {@code data}, failing on any error. */
    JsonNode query(String query, Map<String, Object> variables) {
        JsonNode body = answer(query, variables);
        assertThat(body.path("errors").isMissingNode() || body.path("errors").isEmpty())
                .as(body.toString())
                .isTrue();
        return body.path("data");
    }

    /** Runs a query; answers the whole body, errors included. */
    JsonNode answer(String query, Map<String, Object> variables) {
        HttpResponse<String> response = post(
                "/graphql",
                JSON.writeValueAsString(Map.of("query", query, "variables", variables)),
                DashboardKeys.READ);
        return JSON.readTree(response.body());
    }

    /** Runs a mutation with the demo project's admin key (alert rules); answers its {@code data}. */
    JsonNode admin(String query, Map<String, Object> variables) {
        HttpResponse<String> response = post(
                "/graphql",
                JSON.writeValueAsString(Map.of("query", query, "variables", variables)),
                io.eventlens.app.TestKeys.ADMIN);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("errors").isMissingNode() || body.path("errors").isEmpty())
                .as(body.toString())
                .isTrue();
        return body.path("data");
    }

    private HttpResponse<String> post(String path, String body, String key) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + key)
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GETs a static asset's bytes. */
    byte[] get(String path) {
        try {
            HttpResponse<byte[]> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
