package io.eventlens.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Posts GraphQL operations and event batches to a running EventLens with one API key. */
final class GraphQl {

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final URI graphql;
    private final URI events;
    private final String authorization;

    GraphQl(String url, String key) {
        this.graphql = URI.create(url + "/graphql");
        this.events = URI.create(url + "/v1/events");
        this.authorization = "Bearer " + key;
    }

    /** The response body of a successful operation; an operation answered with errors is a failure. */
    String post(String body) throws IOException, InterruptedException {
        HttpResponse<String> response = send(graphql, body);
        if (response.statusCode() != 200 || response.body().contains("\"errors\"")) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Posts a JSON array of events; answers the ingest response's body. */
    String ingest(String batch) throws IOException, InterruptedException {
        HttpResponse<String> response = send(events, batch);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Posts a JSON array of events without waiting; the future fails unless the batch was accepted. */
    java.util.concurrent.CompletableFuture<String> ingestAsync(String batch) {
        return http.sendAsync(request(events, batch), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
                    }
                    return response.body();
                });
    }

    private HttpResponse<String> send(URI uri, String body) throws IOException, InterruptedException {
        return http.send(request(uri, body), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(URI uri, String body) {
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
