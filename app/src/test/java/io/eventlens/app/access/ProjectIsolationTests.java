package io.eventlens.app.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensAppTest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Two projects with events in the same hours, some even with the same ids: every operation with one project's key
 * sees and changes only that project. Expected numbers come from the events this test sent.
 */
@EventLensAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProjectIsolationTests {

    @LocalServerPort
    int port;

    private Client client;
    private Client.Tenant a;
    private Client.Tenant b;
    private final Random random = new Random();
    private final Instant day = LocalDate.now(ZoneOffset.UTC)
            .minusDays(30 + random.nextInt(300))
            .atStartOfDay(ZoneOffset.UTC)
            .toInstant();
    private final Instant end = day.plus(1, ChronoUnit.DAYS);
    private final List<Map<String, Object>> eventsOfA = new ArrayList<>();
    private final List<Map<String, Object>> eventsOfB = new ArrayList<>();

    @BeforeAll
    void twoProjectsWithEventsInTheSameHours() {
        client = new Client(port);
        String run = UUID.randomUUID().toString().substring(0, 8);
        a = client.newProject("a" + run);
        b = client.newProject("b" + run);
        for (int i = 0; i < 30; i++) {
            eventsOfA.add(event(UUID.randomUUID(), "a", i));
        }
        for (int i = 0; i < 50; i++) {
            // The first ten reuse A's ids: ids are unique per project, so B stores them as its own.
            UUID id = i < 10 ? UUID.fromString(String.valueOf(eventsOfA.get(i).get("id"))) : UUID.randomUUID();
            eventsOfB.add(event(id, "b", i));
        }
        HttpResponse<String> sent = client.send(
                a.ingest(), "POST", "/v1/events", "application/json", Client.JSON.writeValueAsString(eventsOfA));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        JsonNode ingested = client.data(
                b.ingest(),
                "mutation($e: [EventInput!]!) { ingest(events: $e) { accepted " + "duplicates } }",
                Map.of("e", eventsOfB));
        assertThat(ingested.path("ingest").path("accepted").asInt()).isEqualTo(50);
        assertThat(ingested.path("ingest").path("duplicates").asInt()).isZero();
    }

    @Test
    void reportsOverviewsAndCsvCountOnlyTheirProject() {
        String report = "query($i: ReportInput!) { report(input: $i) { totals } }";
        Map<String, Object> input =
                Map.of("metrics", List.of("events", "uniqueUsers"), "from", day.toString(), "to", end.toString());
        assertThat(client.data(a.read(), report, Map.of("i", input))
                        .path("report")
                        .path("totals")
                        .toString())
                .isEqualTo("[" + eventsOfA.size() + ".0," + users(eventsOfA).size() + ".0]");
        assertThat(client.data(b.read(), report, Map.of("i", input))
                        .path("report")
                        .path("totals")
                        .toString())
                .isEqualTo("[" + eventsOfB.size() + ".0," + users(eventsOfB).size() + ".0]");
        String overview = "query($f: DateTime, $t: DateTime) { overview(from: $f, to: $t) { events uniqueUsers } }";
        assertThat(client.data(a.read(), overview, Map.of("f", day.toString(), "t", end.toString()))
                        .path("overview")
                        .path("events")
                        .asLong())
                .isEqualTo(eventsOfA.size());
        HttpResponse<String> csv =
                client.send(a.read(), "GET", "/v1/reports.csv?metrics=events&from=" + day + "&to=" + end, null, null);
        List<String> lines = csv.body().lines().toList();
        assertThat(lines).as(csv.body()).hasSize(2);
        String[] values = lines.get(1).split(",");
        assertThat(Double.parseDouble(values[values.length - 1])).isEqualTo(eventsOfA.size());
    }

    @Test
    void filtersCannotReachAnotherProject() {
        Map<String, Object> input = Map.of(
                "metrics",
                List.of("events"),
                "from",
                day.toString(),
                "to",
                end.toString(),
                "filters",
                List.of(Map.of("dimension", "properties.tenant", "op", "EQ", "values", List.of("b"))));
        assertThat(client.data(a.read(), "query($i: ReportInput!) { report(input: $i) { totals } }", Map.of("i", input))
                        .path("report")
                        .path("totals")
                        .get(0)
                        .asDouble())
                .isZero();
        String page = "query($f: [FilterInput!]) { events(filters: $f, first: 100) { edges { node { id } } } }";
        assertThat(client.data(
                                a.read(),
                                page,
                                Map.of(
                                        "f",
                                        List.of(Map.of(
                                                "dimension",
                                                "userId",
                                                "op",
                                                "IN",
                                                "values",
                                                List.copyOf(users(eventsOfB))))))
                        .path("events")
                        .path("edges")
                        .size())
                .isZero();
    }

    @Test
    void eventPagesAndCursorsStayInTheirProject() {
        String page = """
                query($f: DateTime, $t: DateTime, $after: String) {
                  events(from: $f, to: $t, first: 100, after: $after) {
                    edges { cursor node { id properties } } pageInfo { hasNextPage endCursor }
                  }
                }""";
        Map<String, Object> range = new LinkedHashMap<>(Map.of("f", day.toString(), "t", end.toString()));
        Set<String> seen = new HashSet<>();
        for (JsonNode edge : client.data(a.read(), page, range).path("events").path("edges")) {
            assertThat(edge.path("node").path("properties").path("tenant").asString())
                    .isEqualTo("a");
            seen.add(edge.path("node").path("id").asString());
        }
        assertThat(seen).isEqualTo(ids(eventsOfA));
        // A cursor taken from B's page is only a position: with A's key it continues through A's events.
        Map<String, Object> first = new LinkedHashMap<>(range);
        JsonNode bPage = client.data(b.read(), page.replace("first: 100", "first: 5"), first);
        range.put(
                "after", bPage.path("events").path("pageInfo").path("endCursor").asString());
        for (JsonNode edge : client.data(a.read(), page, range).path("events").path("edges")) {
            assertThat(edge.path("node").path("properties").path("tenant").asString())
                    .isEqualTo("a");
        }
    }

    @Test
    void funnelsRetentionAndAnomaliesSeeOnlyTheirProject() {
        String funnel = """
                query($f: DateTime!, $t: DateTime!) {
                  funnel(input: {steps: [{type: "page_view"}, {type: "purchase"}], window: "P1D", from: $f, to: $t}) {
                    steps { users }
                  }
                }""";
        assertThat(client.data(a.read(), funnel, Map.of("f", day.toString(), "t", end.toString()))
                        .path("funnel")
                        .path("steps")
                        .get(0)
                        .path("users")
                        .asLong())
                .isEqualTo(users(eventsOfA, "page_view").size());
        String retention = """
                query($f: DateTime!, $t: DateTime!) {
                  retention(input: {startEvent: {type: "page_view"}, returnEvent: {type: "page_view"},
                                    granularity: DAY, from: $f, to: $t, periods: 1}) { cohorts { users } }
                }""";
        long cohortUsers = 0;
        for (JsonNode cohort : client.data(b.read(), retention, Map.of("f", day.toString(), "t", end.toString()))
                .path("retention")
                .path("cohorts")) {
            cohortUsers += cohort.path("users").asLong();
        }
        assertThat(cohortUsers).isEqualTo(users(eventsOfB, "page_view").size());
        String anomalies = """
                query($f: DateTime!, $t: DateTime!) {
                  anomalies(metric: "events", granularity: HOUR, from: $f, to: $t) { buckets { value } }
                }""";
        double sum = 0;
        for (JsonNode bucket : client.data(a.read(), anomalies, Map.of("f", day.toString(), "t", end.toString()))
                .path("anomalies")
                .path("buckets")) {
            sum += bucket.path("value").asDouble();
        }
        assertThat(sum).isEqualTo(eventsOfA.size());
    }

    @Test
    void definitionsBelongToTheirProject() {
        String name = "only_a_" + random.nextInt(1_000_000);
        client.data(
                a.admin(),
                "mutation($n: String!) { defineMetric(input: {name: $n, expression: \"count()\"}) " + "{ name } }",
                Map.of("n", name));
        String catalog = "{ catalog { metrics { name } } }";
        assertThat(client.data(a.read(), catalog, Map.of()).toString()).contains("\"" + name + "\"");
        assertThat(client.data(b.read(), catalog, Map.of()).toString()).doesNotContain(name);
        assertThat(client.data(b.read(), "query($n: String!) { definition(name: $n) { name } }", Map.of("n", name))
                        .path("definition")
                        .isNull())
                .isTrue();
        assertThat(client.graphQl(b.admin(), "mutation($n: String!) { removeMetric(name: $n) }", Map.of("n", name))
                        .path("errors")
                        .isArray())
                .isTrue();
        assertThat(client.data(a.read(), catalog, Map.of()).toString()).contains("\"" + name + "\"");
        // A report of B may not use A's metric.
        Map<String, Object> input = Map.of("metrics", List.of(name), "from", day.toString(), "to", end.toString());
        assertThat(client.errorCode(
                        b.read(), "query($i: ReportInput!) { report(input: $i) { totals } }", Map.of("i", input)))
                .isEqualTo("UNKNOWN_METRIC");
    }

    @Test
    void dashboardsBelongToTheirProject() {
        String id = "d" + random.nextInt(1_000_000);
        String save = "mutation($i: DashboardInput!) { saveDashboard(input: $i) { id name } }";
        client.data(a.read(), save, Map.of("i", Map.of("id", id, "name", "A's", "panels", List.of())));
        String list = "{ dashboards { id name } }";
        assertThat(client.data(b.read(), list, Map.of()).toString()).doesNotContain(id);
        assertThat(client.data(b.read(), "query($id: ID!) { dashboard(id: $id) { name } }", Map.of("id", id))
                        .path("dashboard")
                        .isNull())
                .isTrue();
        assertThat(client.data(b.read(), "mutation($id: ID!) { removeDashboard(id: $id) }", Map.of("id", id))
                        .path("removeDashboard")
                        .asBoolean())
                .isFalse();
        client.data(b.read(), save, Map.of("i", Map.of("id", id, "name", "B's", "panels", List.of())));
        assertThat(client.data(a.read(), "query($id: ID!) { dashboard(id: $id) { name } }", Map.of("id", id))
                        .path("dashboard")
                        .path("name")
                        .asString())
                .isEqualTo("A's");
    }

    @Test
    void keysOfOneProjectCannotManageAnother() {
        assertThat(client.errorCode(
                        a.admin(), "query($p: ID) { listApiKeys(project: $p) { id } }", Map.of("p", b.id())))
                .isEqualTo("FORBIDDEN");
        assertThat(client.errorCode(
                        a.admin(),
                        "mutation($p: ID) { createApiKey(input: {project: $p, scope: ADMIN})" + " { secret } }",
                        Map.of("p", b.id())))
                .isEqualTo("FORBIDDEN");
        assertThat(client.errorCode(
                        a.admin(),
                        "mutation($p: ID) { setProjectLimits(project: $p, limits: " + "{queriesPerSecond: 1}) { id } }",
                        Map.of("p", b.id())))
                .isEqualTo("FORBIDDEN");
        String keyOfB = client.data(b.admin(), "{ listApiKeys { id } }", Map.of())
                .path("listApiKeys")
                .get(0)
                .path("id")
                .asString();
        assertThat(client.errorCode(
                        a.admin(), "mutation($id: ID!) { revokeApiKey(id: $id) { id } }", Map.of("id", keyOfB)))
                .isEqualTo("NOT_FOUND");
        assertThat(client.data(a.admin(), "{ projects { id } }", Map.of()).toString())
                .contains(a.id())
                .doesNotContain(b.id());
        // B is untouched: its keys all work.
        assertThat(client.data(b.read(), "{ overview { events } }", Map.of())
                        .path("overview")
                        .path("events")
                        .asLong())
                .isEqualTo(eventsOfB.size());
    }

    private Map<String, Object> event(UUID id, String tenant, int i) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", id.toString());
        event.put("type", i % 3 == 2 ? "purchase" : "page_view");
        event.put(
                "timestamp",
                day.plus(random.nextInt(23 * 60), ChronoUnit.MINUTES).toString());
        event.put("userId", tenant + "-user-" + (i % 7));
        event.put("properties", Map.of("tenant", tenant));
        return event;
    }

    private static Set<String> ids(List<Map<String, Object>> events) {
        Set<String> ids = new HashSet<>();
        events.forEach(event -> ids.add(String.valueOf(event.get("id"))));
        return ids;
    }

    private static Set<String> users(List<Map<String, Object>> events) {
        return users(events, null);
    }

    private static Set<String> users(List<Map<String, Object>> events, @Nullable String type) {
        Set<String> users = new HashSet<>();
        events.stream()
                .filter(event -> type == null || type.equals(event.get("type")))
                .forEach(event -> users.add(String.valueOf(event.get("userId"))));
        return users;
    }
}
