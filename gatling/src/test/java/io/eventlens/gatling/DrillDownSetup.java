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
 * What an admin would set up through the GraphQL API for a dashboard's drill-downs: rollups for the columns no
 * built-in rollup keeps, and promoted columns for the properties they filter or group by. Each waits until it holds
 * the whole history (their backfills run in the background); what is already there is left as it is.
 */
final class DrillDownSetup {

    private static final Duration READY_WITHIN = Duration.ofMinutes(10);

    private DrillDownSetup() {}

    /** Each property as {name, type}, e.g. {"properties.plan", "STRING"}. */
    static void promote(String[][] properties) {
        try {
            for (String[] property : properties) {
                String answer = post("{\"query\":\"mutation { promoteProperty(name: \\\"" + property[0] + "\\\", type: "
                        + property[1] + ") { name } }\"}");
                if (answer.contains("\"errors\"")) {
                    throw new IllegalStateException("promoteProperty " + property[0] + " failed: " + answer);
                }
            }
            awaitReady(
                    "promoted properties",
                    "{\"query\":\"{ promotedProperties { name status progress } }\"}",
                    java.util.Arrays.stream(properties).map(p -> p[0]).toList());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "could not promote the drill-down properties at " + RunSettings.baseUrl(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the promoted properties", e);
        }
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
            awaitReady(
                    "drill-down rollups",
                    "{\"query\":\"{ rollups { name status progress } }\"}",
                    java.util.Arrays.stream(rollups).map(r -> r[0]).toList());
        } catch (IOException e) {
            throw new IllegalStateException("could not define the drill-down rollups at " + RunSettings.baseUrl(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the drill-down rollups", e);
        }
    }

    /** Polls {@code query} until every one of {@code names} says READY, printing how many do. */
    private static void awaitReady(String what, String query, java.util.List<String> names)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(READY_WITHIN);
        while (true) {
            String state = post(query);
            long ready = names.stream()
                    .filter(name -> Pattern.compile("\"name\":\"" + Pattern.quote(name)
                                    + "\",(\"type\":\"[A-Z]+\",)?\"status\":\"READY\"")
                            .matcher(state)
                            .find())
                    .count();
            System.out.printf("%s ready: %d of %d%n", what, ready, names.size());
            if (ready == names.size()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(what + " not ready within " + READY_WITHIN + ": " + state);
            }
            Thread.sleep(2_000);
        }
    }

    private static String post(String body) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(RunSettings.baseUrl() + "/graphql"))
                            .header("Authorization", RunSettings.authorization())
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body();
        }
    }
}
