package io.eventlens.bench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Waits until the project's rollups hold their whole history, so a benchmark measures the steady state. */
final class Rollups {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Rollups() {}

    static void awaitReady(GraphQl client) throws Exception {
        long started = System.nanoTime();
        while (true) {
            JsonNode rollups = JSON.readTree(client.post("{\"query\":\"{ rollups { name status progress } }\"}"))
                    .path("data")
                    .path("rollups");
            double least = 1;
            boolean ready = true;
            for (JsonNode rollup : rollups) {
                least = Math.min(least, rollup.path("progress").asDouble());
                ready &= rollup.path("status").asString().equals("READY");
            }
            if (ready) {
                if (System.nanoTime() - started > 1_000_000_000L) {
                    System.out.printf("%nrollups ready after %.0f s%n", (System.nanoTime() - started) / 1e9);
                }
                return;
            }
            System.out.printf("\rrollups backfilling: %.0f %% of history held by the slowest", least * 100);
            Thread.sleep(1000);
        }
    }
}
