package io.eventlens.app.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.TestKeys;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /graphql} answers with the status codes of the GraphQL-over-HTTP specification: a request that never
 * ran gets a 4xx and a coded error, one that ran gets 200; clients that accept only {@code application/json} keep
 * 200 for every well-formed request (all the specification allows them to expect), and no client error is a 500.
 */
@ExtendWith(OutputCaptureExtension.class)
class GraphQlHttpStatusTests extends GraphQlEndToEnd {

    private static final String GRAPHQL_RESPONSE = "application/graphql-response+json";
    private static final String JSON = "application/json";
    private static final JsonMapper MAPPER = new JsonMapper();
    private static final String OVERVIEW = "{\"query\":\"{ overview { events } }\"}";

    @Test
    void aBodyThatIsNotJsonIs400WithACodedError() {
        for (String body : List.of("{{{", "{\"query\": \"{ x \\q }\"}", "{\"query\":", "NONSENSE")) {
            for (String accept : new String[] {GRAPHQL_RESPONSE, JSON, null}) {
                Answer answer = post(TestKeys.READ, accept, body);
                assertThat(answer.status()).as(answer.describe()).isEqualTo(400);
                assertThat(answer.code()).as(answer.describe()).isEqualTo("BAD_REQUEST");
            }
        }
    }

    @Test
    void anEmptyBodyIs400() {
        Answer answer = post(TestKeys.READ, GRAPHQL_RESPONSE, "");
        assertThat(answer.status()).as(answer.describe()).isEqualTo(400);
        assertThat(answer.code()).isEqualTo("BAD_REQUEST");
    }

    @Test
    void jsonThatIsNotAGraphQlRequestIs422() {
        for (String body : List.of(
                "{\"qeury\": \"{ overview { events } }\"}",
                "{\"query\": null}",
                "{\"query\": 7}",
                "{\"query\": \"{ overview { events } }\", \"variables\": [7]}",
                "[]",
                "\"x\"",
                "7",
                "null")) {
            for (String accept : new String[] {GRAPHQL_RESPONSE, JSON}) {
                Answer answer = post(TestKeys.READ, accept, body);
                assertThat(answer.status()).as(answer.describe()).isEqualTo(422);
                assertThat(answer.code()).as(answer.describe()).isEqualTo("BAD_REQUEST");
            }
        }
    }

    @Test
    void aDocumentThatDoesNotParseIs400() {
        Answer answer = post(TestKeys.READ, GRAPHQL_RESPONSE, "{\"query\": \"{\"}");

        assertThat(answer.status()).as(answer.describe()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith(GRAPHQL_RESPONSE);
        assertThat(answer.code()).isEqualTo("SYNTAX_ERROR");
        assertThat(answer.body().has("data")).isFalse();
    }

    @Test
    void aDocumentThatDoesNotValidateIs422() {
        for (String body : List.of(
                "{\"query\": \"{ nope }\"}",
                "{\"query\": \"query A { overview { events } } query B { overview { events } }\"}",
                "{\"query\": \"query A { overview { events } }\", \"operationName\": \"C\"}",
                "{\"query\": \"query($f: DateTime) { overview(from: $f) { events } }\", "
                        + "\"variables\": {\"f\": \"x\"}}")) {
            Answer answer = post(TestKeys.READ, GRAPHQL_RESPONSE, body);
            assertThat(answer.status()).as(answer.describe()).isEqualTo(422);
            assertThat(answer.code()).as(answer.describe()).isEqualTo("VALIDATION_FAILED");
        }
    }

    @Test
    void aMissingOrUnknownKeyIs401() {
        for (String key : new String[] {null, "el_read_not-a-key-of-this-server-000000000000"}) {
            Answer answer = post(key, GRAPHQL_RESPONSE, OVERVIEW);
            assertThat(answer.status()).as(answer.describe()).isEqualTo(401);
            assertThat(answer.code()).isEqualTo("UNAUTHENTICATED");
            assertThat(answer.wwwAuthenticate()).isEqualTo("Bearer");
            assertThat(answer.body().has("data")).isFalse();
        }
    }

    @Test
    void aKeyWithoutTheScopeRanAndIs200WithItsError() {
        // The operation ran: the field was refused, so data holds null for it (a partial answer, not a refusal).
        Answer answer = post(TestKeys.INGEST, GRAPHQL_RESPONSE, OVERVIEW);

        assertThat(answer.status()).as(answer.describe()).isEqualTo(200);
        assertThat(answer.code()).isEqualTo("FORBIDDEN");
        assertThat(answer.body().has("data")).isTrue();
    }

    @Test
    void withoutAnAcceptHeaderTheAnswerIsGraphQlResponseJson() {
        Answer refused = post(null, null, OVERVIEW);
        assertThat(refused.status()).as(refused.describe()).isEqualTo(401);
        assertThat(refused.contentType()).startsWith(GRAPHQL_RESPONSE);

        Answer ran = post(TestKeys.READ, "*/*", OVERVIEW);
        assertThat(ran.status()).as(ran.describe()).isEqualTo(200);
        assertThat(ran.contentType()).startsWith(GRAPHQL_RESPONSE);
        assertThat(ran.body().path("data").path("overview").has("events")).isTrue();
    }

    @Test
    void clientsThatAcceptOnlyJsonKeep200ForEveryWellFormedRequest() {
        for (String body : List.of("{\"query\": \"{\"}", "{\"query\": \"{ nope }\"}", OVERVIEW)) {
            Answer answer = post(body.equals(OVERVIEW) ? null : TestKeys.READ, JSON, body);
            assertThat(answer.status()).as(answer.describe()).isEqualTo(200);
            assertThat(answer.contentType()).startsWith(JSON);
            assertThat(answer.code()).isIn("SYNTAX_ERROR", "VALIDATION_FAILED", "UNAUTHENTICATED");
        }
        Answer preferred = post(TestKeys.READ, GRAPHQL_RESPONSE + ";q=0.5, " + JSON, "{\"query\": \"{ nope }\"}");
        assertThat(preferred.status()).as(preferred.describe()).isEqualTo(200);
    }

    @Test
    void noClientErrorIsA500OrLogsAStackTrace(CapturedOutput output) {
        for (String body : List.of(
                "{{{",
                "{\"query\": \"{ x \\q }\"}",
                "",
                "[]",
                "{\"variables\": 1}",
                "{\"query\": \"{\"}",
                "{\"query\": \"{ nope }\"}")) {
            Answer answer = post(TestKeys.READ, GRAPHQL_RESPONSE, body);
            assertThat(answer.status()).as(answer.describe()).isBetween(400, 499);
        }
        assertThat(output.getAll()).doesNotContain("\tat ", "Exception:");
    }

    private Answer post(@Nullable String key, @Nullable String accept, String body) {
        EntityExchangeResult<byte[]> result = web(key).post()
                .uri("/graphql")
                .headers(headers -> {
                    headers.setContentType(MediaType.APPLICATION_JSON);
                    if (accept != null) {
                        headers.set(HttpHeaders.ACCEPT, accept);
                    }
                })
                .bodyValue(body)
                .exchange()
                .expectBody()
                .returnResult();
        byte[] bytes = result.getResponseBody();
        String text = bytes == null ? "" : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        MediaType type = result.getResponseHeaders().getContentType();
        return new Answer(
                result.getStatus().value(),
                type == null ? "" : type.toString(),
                String.valueOf(result.getResponseHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)),
                text,
                body,
                accept);
    }

    /** One answer of {@code /graphql}, with what was sent for the failure message. */
    private record Answer(
            int status,
            String contentType,
            String wwwAuthenticate,
            String text,
            String sent,
            @Nullable String accept) {

        JsonNode body() {
            return MAPPER.readTree(text);
        }

        String code() {
            return body().path("errors").path(0).path("extensions").path("code").asString();
        }

        String describe() {
            return "sent " + sent + " (Accept: " + accept + "), got " + status + " " + contentType + " " + text;
        }
    }
}
