package io.eventlens.app.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensAppTest;
import io.eventlens.app.TestKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The running application, reached over HTTP at {@code /graphql} like any client would. One instance per class, so a
 * class can send its events once before its tests.
 */
@EventLensAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GraphQlEndToEnd {

    static final String INGEST = """
            mutation Ingest($events: [EventInput!]!) {
              ingest(events: $events) { accepted duplicates rejected { index field reason } }
            }""";

    static final String REPORT = """
            query Report($input: ReportInput!) {
              report(input: $input) {
                columns rows { bucket dimensions values } totals meta { tookMs source approximate }
              }
            }""";

    /** The GraphQL {@code IngestResult} as a client reads it. */
    record Ingested(int accepted, int duplicates, List<Rejected> rejected) {}

    /** The GraphQL {@code Rejection}. */
    record Rejected(int index, String field, String reason) {}

    /** The GraphQL {@code Report} as a client reads it. */
    record ReportResult(List<String> columns, List<Row> rows, List<@Nullable Double> totals, Meta meta) {

        /** Rows as text in {@link Expected#row} form. */
        List<String> rowTexts() {
            return rows.stream()
                    .map(r -> Expected.row(
                            r.bucket() == null ? null : java.time.OffsetDateTime.parse(r.bucket()),
                            r.dimensions(),
                            r.values()))
                    .toList();
        }
    }

    /** The GraphQL {@code ReportRow}. */
    record Row(@Nullable String bucket, List<@Nullable String> dimensions, List<@Nullable Double> values) {}

    /** The GraphQL {@code QueryMeta}. */
    record Meta(double tookMs, String source, boolean approximate) {}

    @LocalServerPort
    int port;

    /** GraphQL as the demo project's admin (which may query, ingest and define). */
    HttpGraphQlTester graphQl() {
        return graphQl(TestKeys.ADMIN);
    }

    /** GraphQL with the given key; null sends none. */
    HttpGraphQlTester graphQl(@Nullable String key) {
        return HttpGraphQlTester.create(web(key).mutate()
                .baseUrl("http://localhost:" + port + "/graphql")
                .build());
    }

    /** HTTP as the demo project's admin. */
    WebTestClient web() {
        return web(TestKeys.ADMIN);
    }

    /** HTTP with the given key as {@code Authorization: Bearer}; null sends none. */
    WebTestClient web(@Nullable String key) {
        WebTestClient.Builder client = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(60));
        if (key != null) {
            client.defaultHeader(HttpHeaders.AUTHORIZATION, TestKeys.bearer(key));
        }
        return client.build();
    }

    /** Sends events through the ingest mutation in batches the API accepts; all must be stored as new. */
    void ingestAll(List<SentEvent> events) {
        for (int from = 0; from < events.size(); from += 500) {
            List<Map<String, Object>> batch = events.subList(from, Math.min(events.size(), from + 500)).stream()
                    .map(SentEvent::toInput)
                    .toList();
            Ingested result = ingest(batch);
            assertThat(result.rejected()).isEmpty();
            assertThat(result.accepted()).isEqualTo(batch.size());
        }
    }

    /** Ingests with the demo project's ingest key, as a web page would. */
    Ingested ingest(List<Map<String, Object>> events) {
        return graphQl(TestKeys.INGEST)
                .document(INGEST)
                .variable("events", events)
                .execute()
                .path("ingest")
                .entity(Ingested.class)
                .get();
    }

    ReportResult report(Map<String, Object> input) {
        return graphQl()
                .document(REPORT)
                .variable("input", input)
                .execute()
                .path("report")
                .entity(ReportResult.class)
                .get();
    }

    /** The errors of a request that must fail, as a list, so a test can inspect the single one it expects. */
    static List<ResponseError> errorsOf(org.springframework.graphql.test.tester.GraphQlTester.Request<?> request) {
        List<ResponseError> errors = new ArrayList<>();
        request.execute().errors().satisfy(errors::addAll);
        return errors;
    }
}
