package io.eventlens.app.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.TestKeys;
import io.eventlens.app.access.Client;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** {@code /v1/reports.csv} answers the same numbers as the GraphQL {@code report} for the same input. */
class ReportCsvTests extends GraphQlEndToEnd {

    private final long seed = new Random().nextLong();
    private final Instant day = SampleEvents.day(42);

    @BeforeAll
    void sendEvents() {
        ingestAll(SampleEvents.random(new Random(seed), day, Duration.ofDays(2), 300));
    }

    @Test
    void getAndPostAnswerTheGraphQlReport() {
        Instant to = day.plus(Duration.ofDays(2));
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("metrics", List.of("events", "revenue", "uniqueUsers"));
        input.put("dimensions", List.of("country"));
        input.put("granularity", "DAY");
        input.put("timezone", "America/Los_Angeles");
        input.put("from", day.toString());
        input.put("to", to.toString());
        input.put(
                "filters",
                List.of(Map.of("dimension", "properties.run", "op", "EQ", "values", List.of(SampleEvents.RUN))));
        input.put("limit", 3);
        ReportResult expected = report(input);
        assertThat(expected.rows()).isNotEmpty();

        String get = web().get()
                .uri(b -> b.path("/v1/reports.csv")
                        .queryParam("metrics", "events,revenue,uniqueUsers")
                        .queryParam("dimensions", "country")
                        .queryParam("granularity", "DAY")
                        .queryParam("timezone", "{tz}")
                        .queryParam("from", "{from}")
                        .queryParam("to", "{to}")
                        .queryParam("filter", "{filter}")
                        .queryParam("limit", 3)
                        .build(
                                "America/Los_Angeles",
                                day.toString(),
                                to.toString(),
                                "properties.run:EQ:" + SampleEvents.RUN))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith("text/csv")
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        String post = web().post()
                .uri("/v1/reports.csv")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(input)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith("text/csv")
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        for (String csv : List.of(String.valueOf(get), String.valueOf(post))) {
            List<List<String>> records = parse(csv);
            assertThat(records.getFirst()).containsExactly("bucket", "country", "events", "revenue", "uniqueUsers");
            List<List<String>> rows = records.subList(1, records.size());
            assertThat(rows).as("seed %d", seed).hasSameSizeAs(expected.rows());
            for (int i = 0; i < rows.size(); i++) {
                List<String> row = rows.get(i);
                Row want = expected.rows().get(i);
                assertThat(OffsetDateTime.parse(row.get(0))).isEqualTo(OffsetDateTime.parse(want.bucket()));
                assertThat(row.get(1).isEmpty() ? null : row.get(1))
                        .isEqualTo(want.dimensions().getFirst());
                for (int m = 0; m < 3; m++) {
                    assertThat(number(row.get(2 + m)))
                            .as("seed %d row %d metric %d", seed, i, m)
                            .isEqualTo(want.values().get(m));
                }
            }
        }
    }

    @Test
    void refusalsAreProblemJsonWithTheGraphQlCodeAndField() {
        web().get()
                .uri("/v1/reports.csv?metrics=events,nope&from=2026-05-01T00:00:00Z&to=2026-05-02T00:00:00Z")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("UNKNOWN_METRIC")
                .jsonPath("$.field")
                .isEqualTo("metrics[1]");
        web().post()
                .uri("/v1/reports.csv")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "metrics", List.of("events"), "from", "2026-05-02T00:00:00Z", "to", "2026-05-01T00:00:00Z"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("INVALID_TIME_RANGE")
                .jsonPath("$.field")
                .isEqualTo("to");
        web().post()
                .uri("/v1/reports.csv")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{not json")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("INVALID_ARGUMENT")
                .jsonPath("$.field")
                .isEqualTo("body");
    }

    @Test
    void aPostOfAnotherContentTypeIs415NotA500() {
        // Found by HttpFuzzTests. A plain client: WebTestClient refuses to send a header that does not parse.
        Client client = new Client(port);
        String input = "{\"metrics\": [\"events\"], \"from\": \"2026-05-01T00:00:00Z\", "
                + "\"to\": \"2026-05-02T00:00:00Z\"}";
        for (String contentType : new String[] {
            "multipart/form-data; boundary=x",
            "application/graphql",
            null,
            ";;;",
            "application/json; charset=nope",
            "application/json, text/plain"
        }) {
            HttpResponse<String> response = client.send(TestKeys.READ, "POST", "/v1/reports.csv", contentType, input);
            assertThat(response.statusCode())
                    .as(contentType + ": " + response.body())
                    .isEqualTo(415);
            assertThat(Client.JSON.readTree(response.body()).path("code").asString())
                    .isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        }
    }

    @Test
    void nullNamesAndNulCharactersAreInputErrorsNotServerErrors() {
        // Found by the long HttpFuzzTests run: a null in a list was a 500, a NUL in a value a 503 from PostgreSQL.
        String range = "\"from\": \"2026-05-01T00:00:00Z\", \"to\": \"2026-05-02T00:00:00Z\"";
        Map<String, String> fieldOfBody = Map.of(
                "{\"metrics\": [\"events\"], \"dimensions\": [null], " + range + "}", "dimensions[0]",
                "{\"metrics\": [null], " + range + "}", "metrics[0]",
                "{\"metrics\": [\"events\"], \"orderBy\": [null], " + range + "}", "orderBy[0]",
                "{\"metrics\": [\"events\"], \"filters\": [{\"dimension\": \"type\", \"op\": \"IN\", "
                                + "\"values\": [\"a\", null]}], " + range + "}",
                        "filters[0].values[1]",
                "{\"metrics\": [\"events\"], \"filters\": [{\"dimension\": \"type\", \"op\": \"EQ\", "
                                + "\"values\": [\"a\\u0000b\"]}], " + range + "}",
                        "filters[0].values[0]");
        Client client = new Client(port);
        fieldOfBody.forEach((body, field) -> {
            HttpResponse<String> response =
                    client.send(TestKeys.READ, "POST", "/v1/reports.csv", "application/json", body);
            assertThat(response.statusCode()).as(body + ": " + response.body()).isEqualTo(400);
            assertThat(Client.JSON.readTree(response.body()).path("field").asString())
                    .as(body)
                    .isEqualTo(field);
        });
        HttpResponse<String> get = client.send(
                TestKeys.READ,
                "GET",
                "/v1/reports.csv?metrics=events&"
                        + "from=2026-05-01T00:00:00Z&to=2026-05-02T00:00:00Z&filter=type:EQ:a%00b",
                null,
                null);
        assertThat(get.statusCode()).as(get.body()).isEqualTo(400);
        assertThat(Client.JSON.readTree(get.body()).path("code").asString()).isEqualTo("INVALID_FILTER");
    }

    @Test
    void anInstantNoEngineCanReadIsAnInputErrorNotAStorageFailure() {
        // Found by the long HttpFuzzTests run: PostgreSQL refused +999999999-12-31 ("timestamp out of range"), 503.
        Client client = new Client(port);
        for (String to : new String[] {"%2B999999999-12-31T23:59:59Z", "9999-12-31T00:00:00Z"}) {
            HttpResponse<String> response = client.send(
                    TestKeys.READ,
                    "GET",
                    "/v1/reports.csv?metrics=events&from=2026-05-01T00:00:00Z&to=" + to,
                    null,
                    null);
            assertThat(response.statusCode()).as(to + ": " + response.body()).isEqualTo(400);
            assertThat(Client.JSON.readTree(response.body()).path("code").asString())
                    .isEqualTo("INVALID_TIME_RANGE");
            assertThat(Client.JSON.readTree(response.body()).path("field").asString())
                    .isEqualTo("to");
        }
    }

    private static @Nullable Double number(String field) {
        return field.isEmpty() ? null : Double.valueOf(field);
    }

    /** A small RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks. */
    private static List<List<String>> parse(String csv) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        assertThat(field).isEmpty();
        assertThat(record).isEmpty();
        return records;
    }
}
