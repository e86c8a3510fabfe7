package io.eventlens.app.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client of one running app, sending whatever key a test gives it (or none). */
public final class Client {

    public static final JsonMapper JSON = new JsonMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final int port;

    public Client(int port) {
        this.port = port;
    }

    /** The whole GraphQL answer, errors included. */
    public JsonNode graphQl(@Nullable String key, String document, Map<String, ?> variables) {
        HttpResponse<String> response = send(
                key,
                "POST",
                "/graphql",
                "application/json",
                JSON.writeValueAsString(Map.of("query", document, "variables", variables)));
        return JSON.readTree(response.body());
    }

    /** The {@code data} of a GraphQL answer that must have no error. */
    public JsonNode data(String key, String document, Map<String, ?> variables) {
        JsonNode answer = graphQl(key, document, variables);
        assertThat(answer.path("errors").isMissingNode()
                        || answer.path("errors").isEmpty())
                .as(answer.toString())
                .isTrue();
        return answer.path("data");
    }

    /** The {@code extensions.code} of the single error of an answer that must fail. */
    public String errorCode(@Nullable String key, String document, Map<String, ?> variables) {
        JsonNode answer = graphQl(key, document, variables);
        assertThat(answer.path("errors").size()).as(answer.toString()).isEqualTo(1);
        return answer.path("errors").get(0).path("extensions").path("code").asString();
    }

    public HttpResponse<String> send(
            @Nullable String key, String method, String path, @Nullable String contentType, @Nullable String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (key != null) {
            request.header("Authorization", TestKeys.bearer(key));
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A new project with one key of each scope, made with the server admin token. */
    public Tenant newProject(String id) {
        data(
                TestKeys.SERVER,
                "mutation($id: ID!) { createProject(input: {id: $id, name: \"test\"}) { id } }",
                Map.of("id", id));
        return new Tenant(id, key(id, "INGEST"), key(id, "READ"), key(id, "ADMIN"));
    }

    private String key(String project, String scope) {
        return data(TestKeys.SERVER, """
                mutation($p: ID!, $s: ApiKeyScope!) {
                  createApiKey(input: {project: $p, scope: $s, name: "test"}) { secret key { id } }
                }""", Map.of("p", project, "s", scope))
                .path("createApiKey")
                .path("secret")
                .asString();
    }

    /** A project and the secrets of its three keys. */
    public record Tenant(String id, String ingest, String read, String admin) {}
}
