package io.eventlens.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ingest.BatchRejectedException;
import io.eventlens.core.storage.StorageUnavailableException;
import java.net.URI;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.mock.web.reactive.function.server.MockServerRequest;
import org.springframework.web.reactive.function.server.EntityResponse;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.test.StepVerifier;

class IngestProblemsTests {

    final IngestProblems problems = new IngestProblems(1024);
    final MockServerRequest request = MockServerRequest.builder()
            .method(HttpMethod.POST)
            .uri(URI.create("http://localhost/v1/events"))
            .build();

    @Test
    void storageUnavailableIs503SayingARetryIsSafe() {
        respond(new StorageUnavailableException("connection refused", new RuntimeException("boom")), response -> {
            assertThat(response.statusCode().value()).isEqualTo(503);
            assertThat(response.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
            ProblemDetail problem = problem(response);
            assertThat(problem.getProperties()).containsEntry("code", "STORAGE_UNAVAILABLE");
            assertThat(problem.getDetail())
                    .contains("send the same batch again")
                    .contains("idempotent")
                    .doesNotContain("connection refused");
        });
    }

    @Test
    void storageUnavailableIsFoundAsACause() {
        respond(
                new IllegalStateException("wrapped", new StorageUnavailableException("down", new SQLException())),
                response -> assertThat(response.statusCode().value()).isEqualTo(503));
    }

    @Test
    void batchRejectionsKeepTheirCode() {
        respond(new BatchRejectedException(BatchRejectedException.Code.EMPTY_BATCH, "empty"), response -> {
            assertThat(response.statusCode().value()).isEqualTo(400);
            assertThat(problem(response).getProperties())
                    .containsEntry("code", "EMPTY_BATCH")
                    .containsEntry("field", "$");
        });
        respond(new BatchRejectedException(BatchRejectedException.Code.TOO_MANY_EVENTS, "many"), response -> {
            assertThat(response.statusCode().value()).isEqualTo(413);
            assertThat(problem(response).getProperties()).containsEntry("code", "TOO_MANY_EVENTS");
        });
    }

    @Test
    void bodyLimitNamesTheLimit() {
        respond(new DataBufferLimitException("over"), response -> {
            assertThat(response.statusCode().value()).isEqualTo(413);
            assertThat(problem(response).getDetail()).contains("1024 bytes");
        });
    }

    @Test
    void unexpectedFailureShowsNoInternals() {
        respond(new NullPointerException("secret internals at Foo.java:12"), response -> {
            assertThat(response.statusCode().value()).isEqualTo(500);
            assertThat(response.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            ProblemDetail problem = problem(response);
            assertThat(problem.getProperties()).containsEntry("code", "INTERNAL_ERROR");
            assertThat(problem.toString()).doesNotContain("secret").doesNotContain("NullPointer");
        });
    }

    private void respond(Throwable error, java.util.function.Consumer<ServerResponse> check) {
        problems.respond(error, request)
                .as(StepVerifier::create)
                .assertNext(check)
                .verifyComplete();
    }

    @SuppressWarnings("unchecked")
    private static ProblemDetail problem(ServerResponse response) {
        assertThat(response.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        return ((EntityResponse<ProblemDetail>) response).entity();
    }
}
