package io.eventlens.gatling;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Defines rollups through the GraphQL API, as an admin would for a dashboard's drill-downs, and waits until each holds
 * the whole history (their backfill runs in the background). Rollups already defined are left as they are.
 */
final class DrillDownRollups {

    private static final Duration READY_WITHIN = Duration.ofMinutes(10);

    private DrillDownRollups() {
    }

    /** Each rollup as {name, grain, space-separated dimensions}. */
    static void define(String[][] rollups) {
        try {
            for (String[] rollup : rollups) {
                if (!post("{\"query\":\"{ rollups { name } }\"}").contains("\"name\":\"" + rollup[0] + "\"")) {
                    String dimensions = "[\\\"" + String.join("\\\",\\\"", rollup[2].split(" ")) + "\\\"]";
                    String answer = post("{\"query\":\"mutation { defineRollup(input: {name: \\\"" + rollup[0]
                            + "\\\", grain: \\\"" + rollup[1] + "\\\", dimensions: " + dimensions
                            + "}) { name } }\"}");
                    if (answer.contains("\"errors\"")) {
                        throw new IllegalStateException("defineRollup " + rollup[0] + " failed: " + answer);
                    }
                }
            }
            Instant deadline = Instant.now().plus(READY_WITHIN);
            while (true) {
                String state = post("{\"query\":\"{ rollups { name status progress } }\"}");
                long ready = java.util.Arrays.stream(rollups).filter(r -> Pattern.compile(
                        "\"name\":\"" + r[0] + "\",\"status\":\"READY\"").matcher(state).find()).count();
                System.out.printf("drill-down rollups ready: %d of %d%n", ready, rollups.length);
                if (ready == rollups.length) {
                    return;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("drill-down rollups not ready within " + READY_WITHIN + ": "
                            + state);
                }
                Thread.sleep(2_000);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not define the drill-down rollups at " + RunSettings.baseUrl(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the drill-down rollups", e);
        }
    }

    private static String post(String body) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(RunSettings.baseUrl()
                            + "/graphql"))
                    .header("Authorization", RunSettings.authorization())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return response.body();
        }
    }
}
