package io.eventlens.app.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The catalog lists what a report may name. */
class CatalogQueryTests extends GraphQlEndToEnd {

    /** The GraphQL {@code MetricInfo} and {@code DimensionInfo}. */
    record Entry(String name, String description, @Nullable String unit, boolean builtIn) {}

    @Test
    void listsTheBuiltInMetricsAndDimensions() {
        List<Entry> metrics = graphQl()
                .document("{ catalog { metrics { name description unit builtIn } } }")
                .execute()
                .path("catalog.metrics")
                .entityList(Entry.class)
                .get();
        List<Entry> dimensions = graphQl()
                .document("{ catalog { dimensions { name description unit builtIn } } }")
                .execute()
                .path("catalog.dimensions")
                .entityList(Entry.class)
                .get();

        assertThat(metrics)
                .extracting(Entry::name)
                .containsExactly(
                        "events",
                        "uniqueUsers",
                        "sessions",
                        "revenue",
                        "bounceRate",
                        "avgSessionDuration",
                        "pagesPerSession");
        assertThat(metrics).allSatisfy(m -> {
            assertThat(m.description()).isNotBlank();
            assertThat(m.unit()).isNotBlank();
            assertThat(m.builtIn()).isTrue();
        });
        assertThat(dimensions)
                .extracting(Entry::name)
                .containsExactlyInAnyOrder(
                        "type", "country", "device", "browser", "os", "page", "referrer", "userId", "sessionId");
        assertThat(dimensions).allSatisfy(d -> {
            assertThat(d.description()).isNotBlank();
            assertThat(d.builtIn()).isTrue();
        });
    }

    @Test
    void theSchemaDescribesPropertyDimensions() {
        graphQl()
                .document("{ __type(name: \"Catalog\") { fields { name description } } }")
                .execute()
                .path("__type.fields[?(@.name == 'dimensions')].description")
                .entityList(String.class)
                .satisfies(descriptions -> assertThat(descriptions.getFirst()).contains("properties.<key>"));
    }

    @Test
    void theSchemaIsPublishedForTools() {
        // Turned on by the GraphQL module's defaults, not by application.yml: proves those defaults are applied.
        web().get()
                .uri("/graphql/schema")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(sdl -> assertThat(sdl).contains("type Query", "report(", "input ReportInput"));
    }
}
