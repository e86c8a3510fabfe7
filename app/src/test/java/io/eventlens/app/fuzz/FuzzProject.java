package io.eventlens.app.fuzz;

import io.eventlens.app.TestKeys;
import io.eventlens.app.access.Client;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** The project the fuzzer works in: made with the server admin token, its rate limits out of the way. */
final class FuzzProject {

    private final Client client;
    private final FuzzKeys keys;

    FuzzProject(Client client, String id) {
        this.client = client;
        client.data(TestKeys.SERVER, """
                mutation($id: ID!) {
                  createProject(input: {id: $id, name: "fuzz",
                    limits: {ingestEventsPerSecond: 100000000, queriesPerSecond: 100000000}}) { id }
                }""", Map.of("id", id));
        this.keys = new FuzzKeys(key(id, "READ"), key(id, "INGEST"), key(id, "ADMIN"), TestKeys.READ, browserKey(id));
    }

    FuzzKeys keys() {
        return keys;
    }

    /** The ids of every well-formed event the project holds, read page by page through the API. */
    List<UUID> storedWellFormed() {
        List<UUID> ids = new ArrayList<>();
        @Nullable String after = null;
        do {
            Map<String, Object> variables = after == null ? Map.of() : Map.of("after", after);
            JsonNode page = client.data(keys.read(), """
                    query($after: String) {
                      events(first: 1000, after: $after, filters: [{dimension: "type", op: EQ, values: ["%s"]}]) {
                        edges { node { id } } pageInfo { hasNextPage endCursor }
                      }
                    }""".formatted(EventBatches.VALID), variables)
                    .path("events");
            page.path("edges")
                    .forEach(edge ->
                            ids.add(UUID.fromString(edge.path("node").path("id").asString())));
            after = page.path("pageInfo").path("hasNextPage").asBoolean()
                    ? page.path("pageInfo").path("endCursor").asString()
                    : null;
        } while (after != null);
        return ids;
    }

    private String browserKey(String project) {
        return client.data(TestKeys.SERVER, """
                mutation($p: ID!, $o: [String!]) {
                  createApiKey(input: {project: $p, scope: INGEST, name: "fuzz-site", allowedOrigins: $o}) { secret }
                }""", Map.of("p", project, "o", List.of(CollectRequests.ORIGIN)))
                .path("createApiKey")
                .path("secret")
                .asString();
    }

    private String key(String project, String scope) {
        return client.data(TestKeys.SERVER, """
                mutation($p: ID!, $s: ApiKeyScope!) {
                  createApiKey(input: {project: $p, scope: $s, name: "fuzz"}) { secret }
                }""", Map.of("p", project, "s", scope))
                .path("createApiKey")
                .path("secret")
                .asString();
    }
}
