package io.eventlens.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ingest.BatchRejectedException;
import io.eventlens.core.query.ErrorCode;
import io.eventlens.core.query.QueryException;
import io.eventlens.core.storage.StorageUnavailableException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.execution.DefaultExecutionGraphQlService;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.graphql.test.tester.ExecutionGraphQlServiceTester;
import org.springframework.graphql.test.tester.GraphQlTester;

/**
 * Runs the real schema on graphql-java with data fetchers that fail the way the core fails, and checks what a client
 * receives. (The end-to-end tests in the app module cover the same codes with the real storage behind them.)
 */
class ApiErrorsTests {

    private final GraphQlTester tester = ExecutionGraphQlServiceTester.create(new DefaultExecutionGraphQlService(
            GraphQlSource.schemaResourceBuilder()
                    .schemaResources(new ClassPathResource("graphql/schema.graphqls"))
                    .configureRuntimeWiring(new GraphQlApiAutoConfiguration().eventLensScalars())
                    .configureRuntimeWiring(wiring -> wiring.type(
                                    "Query",
                                    type -> type.dataFetcher("report", env -> {
                                                throw new QueryException(
                                                        ErrorCode.UNKNOWN_METRIC,
                                                        "metrics[1]",
                                                        "unknown metric 'clicks'; use one of events");
                                            })
                                            .dataFetcher("events", env -> {
                                                throw new QueryException(
                                                        ErrorCode.INVALID_CURSOR, "after", "is not a cursor");
                                            })
                                            .dataFetcher("overview", env -> {
                                                throw new StorageUnavailableException(
                                                        "connection refused", new java.io.IOException("refused"));
                                            })
                                            .dataFetcher("catalog", env -> {
                                                throw new IllegalStateException("secret internals at line 42");
                                            }))
                            .type(
                                    "Mutation",
                                    type -> type.dataFetcher("ingest", env -> {
                                        throw new BatchRejectedException(
                                                BatchRejectedException.Code.EMPTY_BATCH, "the batch holds no events");
                                    })))
                    .exceptionResolvers(List.of(new ApiErrors()))
                    .build()));

    @Test
    void reportErrorsNameTheFieldUnderTheInputArgument() {
        ResponseError error = onlyError("""
                { report(input: {metrics: ["events", "clicks"], from: "2020-01-01T00:00:00Z",
                                 to: "2020-01-02T00:00:00Z"}) { columns } }""");

        assertThat(error.getExtensions())
                .containsEntry("code", "UNKNOWN_METRIC")
                .containsEntry("field", "input.metrics[1]");
        assertThat(error.getMessage()).isEqualTo("input.metrics[1]: unknown metric 'clicks'; use one of events");
        assertThat(error.getPath()).isEqualTo("report");
    }

    @Test
    void otherOperationsNameTheArgumentItself() {
        ResponseError error = onlyError("{ events(after: \"x\") { pageInfo { hasNextPage } } }");

        assertThat(error.getExtensions())
                .containsEntry("code", "INVALID_CURSOR")
                .containsEntry("field", "after");
        assertThat(error.getMessage()).isEqualTo("after: is not a cursor");
    }

    @Test
    void aRefusedBatchCarriesItsOwnCode() {
        ResponseError error = onlyError("mutation { ingest(events: []) { accepted } }");

        assertThat(error.getExtensions()).containsEntry("code", "EMPTY_BATCH").containsEntry("field", "events");
        assertThat(error.getMessage()).contains("no events");
    }

    @Test
    void anUnreachableStoreIsReportedAsSuch() {
        ResponseError error = onlyError("{ overview { events } }");

        assertThat(error.getExtensions())
                .containsEntry("code", "STORAGE_UNAVAILABLE")
                .doesNotContainKey("field");
        assertThat(error.getMessage()).doesNotContain("refused");
    }

    @Test
    void anythingElseIsAGenericInternalErrorWithoutInternals() {
        ResponseError error = onlyError("{ catalog { metrics { name } } }");

        assertThat(error.getExtensions()).containsEntry("code", "INTERNAL");
        assertThat(error.getMessage()).doesNotContain("secret", "IllegalStateException", "42");
    }

    private ResponseError onlyError(String document) {
        List<ResponseError> errors = new java.util.ArrayList<>();
        tester.document(document).execute().errors().satisfy(errors::addAll);
        assertThat(errors).hasSize(1);
        return errors.getFirst();
    }
}
