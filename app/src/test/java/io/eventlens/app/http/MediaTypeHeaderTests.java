package io.eventlens.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensAppTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A media-type header that does not parse is the client's error wherever it is sent: {@code GET /} with
 * {@code Accept: x} answered 500 with a stack trace (the dashboard's welcome route parses Accept; HttpFuzzTests' long
 * run, three times in 100,000 inputs).
 */
@EventLensAppTest
@ExtendWith(OutputCaptureExtension.class)
class MediaTypeHeaderTests {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    int port;

    @ParameterizedTest
    @ValueSource(strings = {"x", ";;;", "\u00e9", "text/html;;;q=x"})
    void anAcceptHeaderThatDoesNotParseIs400NamingIt(String accept, CapturedOutput output) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
                        .header("Accept", accept)
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JsonMapper.builder().build().readTree(response.body());
        assertThat(problem.path("code").asString()).isEqualTo("INVALID_HEADER");
        assertThat(problem.path("field").asString()).isEqualTo("Accept");
        assertThat(output.getAll()).doesNotContain("InvalidMediaTypeException");
    }

    @Test
    void theDashboardStillOpensForABrowsersAccept() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
                        .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<html");
    }
}
