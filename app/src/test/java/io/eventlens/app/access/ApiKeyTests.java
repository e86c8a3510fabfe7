package io.eventlens.app.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensAppTest;
import io.eventlens.app.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Authentication and scopes on every entry point, key management and revocation, over the running app. */
@EventLensAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeyTests {

    private static final String OVERVIEW = "{ overview { events } }";
    private static final String INGEST = "mutation($e: [EventInput!]!) { ingest(events: $e) { accepted } }";
    private static final String DEFINE = """
            mutation($n: String!) { defineMetric(input: {name: $n, expression: "count()"}) { name } }""";
    private static final String CSV =
            "/v1/reports.csv?metrics=events&from=2020-01-01T00:00:00Z" + "&to=2020-01-02T00:00:00Z";

    @LocalServerPort
    int port;

    Client client;

    @BeforeAll
    void connect() {
        client = new Client(port);
    }

    @Test
    void withoutAKeyNothingAnswers() {
        assertThat(client.errorCode(null, OVERVIEW, Map.of())).isEqualTo("UNAUTHENTICATED");
        assertThat(client.errorCode(null, "{ __schema { queryType { name } } }", Map.of()))
                .isEqualTo("UNAUTHENTICATED");
        assertProblem(client.send(null, "POST", "/v1/events", "application/json", event()), 401, "UNAUTHENTICATED");
        assertProblem(client.send(null, "GET", CSV, null, null), 401, "UNAUTHENTICATED");
    }

    @Test
    void anUnknownKeyIsRefusedLikeNone() {
        for (String key : new String[] {
            "el_read_" + UUID.randomUUID(),
            "nonsense",
            TestKeys.READ + "x",
            "el_read_" + "x".repeat(2_000),
            "' OR 1=1 --",
            TestKeys.READ.substring(0, 12)
        }) {
            assertThat(client.errorCode(key, OVERVIEW, Map.of())).as(key).isEqualTo("UNAUTHENTICATED");
            assertProblem(client.send(key, "POST", "/v1/events", "application/json", event()), 401, "UNAUTHENTICATED");
            assertProblem(client.send(key, "GET", CSV, null, null), 401, "UNAUTHENTICATED");
        }
    }

    /**
     * On a connection of its own: right after another answer on a kept-alive connection, Reactor Netty still
     * sometimes sends nothing for an oversized header (docs/reliability.md, known and open); this test is about the
     * key, OversizedRequestTests about the connection.
     */
    @Test
    void anOversizedHeaderIsAClean4xx() throws Exception {
        try (HttpClient fresh =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            int status = fresh.send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/graphql"))
                                    .header("Authorization", "Bearer el_read_" + "x".repeat(20_000))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            "{\"query\":\"{ overview { events } }\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .statusCode();
            assertThat(status).isBetween(400, 499);
        }
    }

    @Test
    void eachScopeDoesOnlyWhatItMay() {
        // ingest: events only
        assertThat(client.data(TestKeys.INGEST, INGEST, Map.of("e", java.util.List.of(Map.of("type", "x"))))
                        .path("ingest")
                        .path("accepted")
                        .asInt())
                .isEqualTo(1);
        assertThat(client.send(TestKeys.INGEST, "POST", "/v1/events", "application/json", event())
                        .statusCode())
                .isEqualTo(200);
        assertThat(client.errorCode(TestKeys.INGEST, OVERVIEW, Map.of())).isEqualTo("FORBIDDEN");
        assertProblem(client.send(TestKeys.INGEST, "GET", CSV, null, null), 403, "FORBIDDEN");
        // read: queries, no writes
        assertThat(client.data(TestKeys.READ, OVERVIEW, Map.of())
                        .path("overview")
                        .has("events"))
                .isTrue();
        assertThat(client.send(TestKeys.READ, "GET", CSV, null, null).statusCode())
                .isEqualTo(200);
        assertThat(client.errorCode(TestKeys.READ, INGEST, Map.of("e", java.util.List.of(Map.of("type", "x")))))
                .isEqualTo("FORBIDDEN");
        assertProblem(client.send(TestKeys.READ, "POST", "/v1/events", "application/json", event()), 403, "FORBIDDEN");
        assertThat(client.errorCode(TestKeys.READ, DEFINE, Map.of("n", "m" + suffix())))
                .isEqualTo("FORBIDDEN");
        assertThat(client.errorCode(TestKeys.READ, "{ listApiKeys { id } }", Map.of()))
                .isEqualTo("FORBIDDEN");
        // admin: all of the project (a project of its own: the demo project's catalog is shared by other tests)
        Client.Tenant own = client.newProject("d" + suffix());
        assertThat(client.data(own.admin(), DEFINE, Map.of("n", "m" + suffix()))
                        .path("defineMetric")
                        .path("name")
                        .asString())
                .startsWith("m");
        assertThat(client.data(own.admin(), OVERVIEW, Map.of())
                        .path("overview")
                        .path("events")
                        .asLong())
                .isZero();
        // the server admin token manages, but reads no project's data
        assertThat(client.errorCode(TestKeys.SERVER, OVERVIEW, Map.of())).isEqualTo("FORBIDDEN");
        assertProblem(
                client.send(TestKeys.SERVER, "POST", "/v1/events", "application/json", event()), 403, "FORBIDDEN");
    }

    @Test
    void onlyTheServerAdminCreatesProjects() {
        String create = "mutation($id: ID!) { createProject(input: {id: $id, name: \"p\"}) { id name } }";
        assertThat(client.errorCode(TestKeys.ADMIN, create, Map.of("id", "p" + suffix())))
                .isEqualTo("FORBIDDEN");
        String id = "p" + suffix();
        assertThat(client.data(TestKeys.SERVER, create, Map.of("id", id))
                        .path("createProject")
                        .path("id")
                        .asString())
                .isEqualTo(id);
        assertThat(client.errorCode(TestKeys.SERVER, create, Map.of("id", id))).isEqualTo("CONFLICT");
        JsonNode bad = client.graphQl(TestKeys.SERVER, create, Map.of("id", "Bad Id; DROP TABLE projects"));
        assertThat(bad.path("errors").get(0).path("extensions").path("code").asString())
                .isEqualTo("INVALID_ARGUMENT");
        assertThat(bad.path("errors").get(0).path("extensions").path("field").asString())
                .isEqualTo("input.id");
    }

    @Test
    void aNewKeyIsShownOnceAndListedWithoutItsSecret() {
        Client.Tenant tenant = client.newProject("k" + suffix());
        assertThat(tenant.read()).startsWith("el_read_").hasSizeGreaterThan(40);
        assertThat(tenant.ingest()).startsWith("el_ingest_");
        String listing = client.data(
                        tenant.admin(), "{ listApiKeys { id project scope name prefix revokedAt } }", Map.of())
                .toString();
        assertThat(listing)
                .doesNotContain(tenant.read(), tenant.ingest(), tenant.admin())
                .contains(tenant.read().substring(0, 12), "\"READ\"", "\"INGEST\"", "\"ADMIN\"");
        // the server admin lists any project's keys, naming it
        assertThat(client.data(
                                TestKeys.SERVER,
                                "query($p: ID) { listApiKeys(project: $p) { scope } }",
                                Map.of("p", tenant.id()))
                        .path("listApiKeys")
                        .size())
                .isEqualTo(3);
        assertThat(client.errorCode(TestKeys.SERVER, "{ listApiKeys { scope } }", Map.of()))
                .isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void aRevokedKeyStopsWorkingWithinSeconds() throws InterruptedException {
        Client.Tenant tenant = client.newProject("r" + suffix());
        assertThat(client.data(tenant.read(), OVERVIEW, Map.of())
                        .path("overview")
                        .path("events")
                        .asLong())
                .isZero();
        // the key is now remembered by the instance; revocation must still win within the documented 2 s
        String id = null;
        for (JsonNode key : client.data(tenant.admin(), "{ listApiKeys { id scope } }", Map.of())
                .path("listApiKeys")) {
            if (key.path("scope").asString().equals("READ")) {
                id = key.path("id").asString();
            }
        }
        assertThat(id).isNotNull();
        JsonNode revoked = client.data(
                tenant.admin(), "mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }", Map.of("id", id));
        assertThat(revoked.path("revokeApiKey").path("revokedAt").isNull()).isFalse();
        long start = System.nanoTime();
        while (!client.graphQl(tenant.read(), OVERVIEW, Map.of()).path("errors").isArray()) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            Thread.sleep(100);
        }
        assertThat(client.errorCode(tenant.read(), OVERVIEW, Map.of())).isEqualTo("UNAUTHENTICATED");
        assertProblem(client.send(tenant.read(), "GET", CSV, null, null), 401, "UNAUTHENTICATED");
        // the other keys of the project keep working
        assertThat(client.send(tenant.ingest(), "POST", "/v1/events", "application/json", event())
                        .statusCode())
                .isEqualTo(200);
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(Client.JSON.readTree(response.body()).path("code").asString())
                .isEqualTo(code);
        if (status == 401) {
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        }
    }

    private static String event() {
        return "{\"type\":\"page_view\",\"id\":\"" + UUID.randomUUID() + "\"}";
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
