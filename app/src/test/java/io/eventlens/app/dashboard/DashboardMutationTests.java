package io.eventlens.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensAppTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Saved dashboards through GraphQL against the real PostgreSQL: saved, listed, replaced, removed and refused. */
@EventLensAppTest
@TestPropertySource(
        properties = {DashboardKeys.DATA_DIR_PROPERTY, DashboardKeys.READ_PROPERTY, DashboardKeys.INGEST_PROPERTY})
class DashboardMutationTests {

    private static final String SAVE = """
            mutation($input: DashboardInput!) {
              saveDashboard(input: $input) { id name updatedAt panels { title view } }
            }""";
    private static final String FIND = "query($id: ID!) { dashboard(id: $id) { id name panels { title view } } }";

    @LocalServerPort
    int port;

    @Test
    void aDashboardIsSavedListedReplacedAndRemoved() {
        Api api = new Api(port);
        String name = "Sales " + UUID.randomUUID();
        Instant before = Instant.now().minusSeconds(1);
        JsonNode saved = api.query(
                        SAVE,
                        Map.of(
                                "input",
                                Map.of(
                                        "name",
                                        "  " + name + " ",
                                        "panels",
                                        List.of(
                                                Map.of("title", "Revenue", "view", "view=report&m=revenue&g=DAY"),
                                                Map.of("title", "Signups", "view", "view=funnel&steps=a,b")))))
                .path("saveDashboard");
        String id = saved.path("id").asString();
        assertThat(UUID.fromString(id)).isNotNull(); // a new id when none is given
        assertThat(saved.path("name").asString()).isEqualTo(name); // trimmed
        assertThat(Instant.parse(saved.path("updatedAt").asString())).isAfter(before);

        JsonNode found = api.query(FIND, Map.of("id", id)).path("dashboard");
        assertThat(found.path("panels").findValuesAsString("title")).containsExactly("Revenue", "Signups");
        assertThat(found.path("panels").findValuesAsString("view"))
                .containsExactly("view=report&m=revenue&g=DAY", "view=funnel&steps=a,b");
        assertThat(api.query("{ dashboards { id name } }", Map.of())
                        .path("dashboards")
                        .findValuesAsString("id"))
                .contains(id);

        api.query(
                SAVE,
                Map.of(
                        "input",
                        Map.of(
                                "id",
                                id,
                                "name",
                                name + " v2",
                                "panels",
                                List.of(Map.of("title", "Signups", "view", "view=funnel&steps=a,b")))));
        JsonNode replaced = api.query(FIND, Map.of("id", id)).path("dashboard");
        assertThat(replaced.path("name").asString()).isEqualTo(name + " v2");
        assertThat(replaced.path("panels").findValuesAsString("title")).containsExactly("Signups");

        assertThat(api.query("mutation($id: ID!) { removeDashboard(id: $id) }", Map.of("id", id))
                        .path("removeDashboard")
                        .asBoolean())
                .isTrue();
        assertThat(api.query(FIND, Map.of("id", id)).path("dashboard").isNull()).isTrue();
        assertThat(api.query("mutation($id: ID!) { removeDashboard(id: $id) }", Map.of("id", id))
                        .path("removeDashboard")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void refusalsNameTheFieldAtFault() {
        Api api = new Api(port);
        assertRefused(api, Map.of("name", " ", "panels", List.of()), "input.name");
        assertRefused(api, Map.of("id", "no spaces/slashes", "name", "x", "panels", List.of()), "input.id");
        assertRefused(
                api,
                Map.of("name", "x", "panels", List.of(Map.of("title", "t", "view", "v".repeat(4097)))),
                "input.panels[0].view");
        assertRefused(
                api,
                Map.of(
                        "name",
                        "x",
                        "panels",
                        java.util.Collections.nCopies(25, Map.of("title", "t", "view", "view=report"))),
                "input.panels");
    }

    private static void assertRefused(Api api, Map<String, Object> input, String field) {
        JsonNode errors = api.answer(SAVE, Map.of("input", input)).path("errors");
        assertThat(errors.size()).as(errors.toString()).isEqualTo(1);
        assertThat(errors.get(0).path("extensions").path("code").asString()).isEqualTo("INVALID_ARGUMENT");
        assertThat(errors.get(0).path("extensions").path("field").asString()).isEqualTo(field);
        assertThat(errors.get(0).path("message").asString()).startsWith(field + ": ");
    }
}
