package io.eventlens.app.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.ResponseError;
import org.springframework.http.MediaType;

/** Bad input comes back as a GraphQL error naming the input, with a machine-readable code; never as a 500. */
class GraphQlErrorTests extends GraphQlEndToEnd {

    private final Instant from = SampleEvents.day(8);
    private final Instant to = from.plus(Duration.ofDays(1));

    @Test
    void anUnknownMetric() {
        assertReportError(
                Map.of("metrics", List.of("events", "clicks")), "UNKNOWN_METRIC", "input.metrics[1]", "clicks");
    }

    @Test
    void anUnknownDimension() {
        assertReportError(Map.of("dimensions", List.of("city")), "UNKNOWN_DIMENSION", "input.dimensions[0]", "city");
    }

    @Test
    void anUnknownFilterDimension() {
        assertReportError(
                Map.of("filters", List.of(ReportQueryTests.filter("planet", "EQ", "mars"))),
                "UNKNOWN_DIMENSION",
                "input.filters[0].dimension",
                "planet");
    }

    @Test
    void aNumericFilterOnText() {
        assertReportError(
                Map.of("filters", List.of(ReportQueryTests.filter("country", "GT", "3"))),
                "INVALID_FILTER",
                "input.filters[0].op",
                "country");
    }

    @Test
    void aRangeThatEndsBeforeItStarts() {
        assertReportError(
                Map.of("from", to.toString(), "to", from.toString()), "INVALID_TIME_RANGE", "input.to", "from");
    }

    @Test
    void anInvalidTimezone() {
        assertReportError(
                Map.of("timezone", "Mars/Olympus_Mons"), "INVALID_TIMEZONE", "input.timezone", "Mars/Olympus_Mons");
    }

    @Test
    void aLimitOutOfBounds() {
        assertReportError(Map.of("limit", 0), "INVALID_LIMIT", "input.limit", "0");
        assertReportError(Map.of("limit", 10_001), "INVALID_LIMIT", "input.limit", "10001");
    }

    @Test
    void anOrderByOutsideTheReport() {
        assertReportError(
                Map.of("orderBy", List.of(Map.of("by", "revenue"))), "INVALID_ORDER", "input.orderBy[0].by", "revenue");
    }

    @Test
    void tooManyBuckets() {
        assertReportError(
                Map.of(
                        "granularity",
                        "MINUTE",
                        "from",
                        from.minus(Duration.ofDays(30)).toString()),
                "TOO_MANY_BUCKETS",
                "input.granularity",
                "MINUTE");
    }

    @Test
    void aCursorThatIsNotOne() {
        List<ResponseError> errors =
                errorsOf(graphQl().document("{ events(after: \"bm90LWEtY3Vyc29y\") { edges { cursor } } }"));

        assertSingleError(errors, "INVALID_CURSOR", "after", "after");
    }

    @Test
    void aPageSizeOutOfBounds() {
        assertSingleError(
                errorsOf(graphQl().document("{ events(first: 0) { edges { cursor } } }")),
                "INVALID_LIMIT",
                "first",
                "0");
        assertSingleError(
                errorsOf(graphQl().document("{ events(first: 1001) { edges { cursor } } }")),
                "INVALID_LIMIT",
                "first",
                "1001");
    }

    @Test
    void anOverviewRangeThatEndsBeforeItStarts() {
        List<ResponseError> errors = errorsOf(graphQl()
                .document("query($from: DateTime, $to: DateTime) " + "{ overview(from: $from, to: $to) { events } }")
                .variable("from", to.toString())
                .variable("to", from.toString()));

        assertSingleError(errors, "INVALID_TIME_RANGE", "to", "from");
    }

    @Test
    void aNulCharacterInAFilterValueIsAnInputErrorNotAStorageFailure() {
        // PostgreSQL text cannot hold NUL: sent on, it failed the query as STORAGE_UNAVAILABLE (and counted against
        // the circuit breaker every other client shares).
        assertReportError(
                Map.of("filters", List.of(ReportQueryTests.filter("type", "EQ", "a\u0000b"))),
                "INVALID_FILTER",
                "input.filters[0].values[0]",
                "NUL");
        List<ResponseError> errors = errorsOf(
                graphQl().document("""
                query($from: DateTime!, $to: DateTime!) {
                  funnel(input: {steps: [{type: "a\\u0000b"}, {type: "b"}], window: "PT1H", from: $from, to: $to}) {
                    steps { users }
                  }
                }""").variable("from", from.toString()).variable("to", to.toString()));
        assertSingleError(errors, "INVALID_ARGUMENT", "input.steps[0].type", "NUL");
    }

    @Test
    void aSyntaxErrorIsAGraphQlErrorNotAServerError() {
        web().post()
                .uri("/graphql")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", "{ report(input: { metrics: [\"events\" } "))
                .exchange()
                // No Accept: answered as application/graphql-response+json; a document that fails to parse is a 400.
                .expectStatus()
                .isEqualTo(400)
                .expectBody()
                .jsonPath("$.errors[0].message")
                .isNotEmpty()
                .jsonPath("$.errors[0].extensions.classification")
                .isEqualTo("InvalidSyntax");
    }

    @Test
    void aMalformedDateTimeIsAValidationErrorNotAServerError() {
        web().post()
                .uri("/graphql")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", "{ overview(from: \"last tuesday\") { events } }"))
                .exchange()
                // ... and one that does not validate a 422 (GraphQL-over-HTTP).
                .expectStatus()
                .isEqualTo(422)
                .expectBody()
                .jsonPath("$.errors[0].message")
                .value(message -> assertThat(String.valueOf(message)).contains("from"));
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413AndAGraphQlError() {
        String padding = "#".repeat(5 * 1024 * 1024);
        web().post()
                .uri("/graphql")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", "{ catalog { metrics { name } } }\n" + padding))
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectBody()
                .jsonPath("$.errors[0].extensions.code")
                .isEqualTo("BODY_TOO_LARGE")
                .jsonPath("$.errors[0].message")
                .value(message -> assertThat(String.valueOf(message)).contains("KB"));
    }

    @Test
    void graphiqlIsServed() {
        web().get()
                .uri("/graphiql")
                .exchange()
                .expectStatus()
                .value(status -> assertThat(status).isBetween(200, 399));
    }

    private void assertReportError(Map<String, Object> override, String code, String field, String named) {
        Map<String, Object> input =
                new HashMap<>(Map.of("metrics", List.of("events"), "from", from.toString(), "to", to.toString()));
        input.putAll(override);
        assertSingleError(errorsOf(graphQl().document(REPORT).variable("input", input)), code, field, named);
    }

    private static void assertSingleError(List<ResponseError> errors, String code, String field, String named) {
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.getExtensions()).containsEntry("code", code).containsEntry("field", field);
            assertThat(error.getMessage()).startsWith(field + ":").contains(named);
            assertThat(error.getMessage()).doesNotContain("Exception", "\tat ");
        });
    }
}
