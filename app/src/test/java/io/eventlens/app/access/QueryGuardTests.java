package io.eventlens.app.access;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.introspection.IntrospectionQuery;
import io.eventlens.app.EventLensAppTest;
import io.eventlens.app.TestKeys;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Operations too deep or too complex are refused before they run, each with its own code. */
@EventLensAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryGuardTests {

    @LocalServerPort
    int port;

    private Client client;

    @BeforeAll
    void connect() {
        client = new Client(port);
    }

    @Test
    void theFullIntrospectionQueryOfGraphiqlPasses() {
        assertThat(client.data(TestKeys.READ, IntrospectionQuery.INTROSPECTION_QUERY, Map.of())
                        .path("__schema")
                        .path("types")
                        .size())
                .isGreaterThan(10);
    }

    @Test
    void aDeepQueryIsRefused() {
        // __schema, types, fields, type and 12 x ofType: 17 levels with name, over the default 15.
        String query = "{ __schema { types { fields { type { " + "ofType { ".repeat(12) + "name" + " }".repeat(12)
                + " } } } } }";
        JsonNode answer = client.graphQl(TestKeys.READ, query, Map.of());
        assertThat(answer.path("errors").get(0).path("extensions").path("code").asString())
                .as(answer.toString())
                .isEqualTo("QUERY_TOO_DEEP");
        assertThat(answer.path("data").isMissingNode() || answer.path("data").isNull())
                .isTrue();
    }

    @Test
    void aDeepQueryIsRefusedEachTimeItIsAsked() {
        String query = "{ __schema { types { fields { type { " + "ofType { ".repeat(12) + "name" + " }".repeat(12)
                + " } } } } }";
        for (int time = 0; time < 3; time++) {
            JsonNode answer = client.graphQl(TestKeys.READ, query, Map.of());
            assertThat(answer.path("errors")
                            .get(0)
                            .path("extensions")
                            .path("code")
                            .asString())
                    .as("time %d: %s", time, answer)
                    .isEqualTo("QUERY_TOO_DEEP");
        }
    }

    @Test
    void aDocumentWhoseVariablesDecideItsDepthIsMeasuredWithEachRunsVariables() {
        // Shallow with deep = false, 17 levels with deep = true: the same document, and the same operation object.
        String query = "query($deep: Boolean!) { __schema { types { fields { type { name ofType @include(if: $deep) { "
                + "ofType { ".repeat(11) + "name" + " }".repeat(11) + " } } } } } }";
        passesThenIsRefused(query, "deep", "QUERY_TOO_DEEP");
    }

    @Test
    void aDocumentWhoseVariablesDecideItsFieldsIsCountedWithEachRunsVariables() {
        StringBuilder query = new StringBuilder("query($many: Boolean!) {");
        for (int i = 0; i < 400; i++) {
            query.append(" c").append(i).append(": catalog @include(if: $many) { metrics { name } }");
        }
        String document = query.append(" c: catalog { metrics { name } } }").toString();
        passesThenIsRefused(document, "many", "QUERY_TOO_COMPLEX");
    }

    /** Asks {@code document} with {@code variable} false (answered), then true (refused with {@code code}). */
    private void passesThenIsRefused(String document, String variable, String code) {
        JsonNode passes = client.graphQl(TestKeys.READ, document, Map.of(variable, false));
        assertThat(passes.path("errors").isMissingNode()
                        || passes.path("errors").isEmpty())
                .as(start(passes))
                .isTrue();

        JsonNode refused = client.graphQl(TestKeys.READ, document, Map.of(variable, true));
        assertThat(refused.path("errors")
                        .path(0)
                        .path("extensions")
                        .path("code")
                        .asString())
                .as(start(refused))
                .isEqualTo(code);
    }

    private static String start(JsonNode answer) {
        return answer.toString().substring(0, Math.min(300, answer.toString().length()));
    }

    @Test
    void aQuerySelectingTooManyFieldsIsRefused() {
        StringBuilder query = new StringBuilder("{");
        for (int i = 0; i < 400; i++) {
            query.append(" c").append(i).append(": catalog { metrics { name } }");
        }
        JsonNode answer = client.graphQl(TestKeys.READ, query.append(" }").toString(), Map.of());
        assertThat(answer.path("errors").get(0).path("extensions").path("code").asString())
                .as(answer.toString()
                        .substring(0, Math.min(500, answer.toString().length())))
                .isEqualTo("QUERY_TOO_COMPLEX");
    }
}
