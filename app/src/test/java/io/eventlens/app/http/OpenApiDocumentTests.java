package io.eventlens.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensAppTest;
import io.eventlens.app.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI 3.1 document the app serves ({@code /openapi.json}) against the app's real answers: each request below
 * gets a status the document lists for its path and method, a content type it lists for that status, and a body its
 * schema accepts; and every documented operation is exercised.
 */
@EventLensAppTest
class OpenApiDocumentTests {

    private static final JsonMapper JSON = new JsonMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @LocalServerPort
    int port;

    /** One request: method, path, headers (name, value pairs) and body. */
    record Call(
            String method,
            String path,
            List<String> headers,
            @Nullable String body) {}

    @Test
    void everyDocumentedOperationAnswersAsDocumented() throws Exception {
        JsonNode document = JSON.readTree(
                send(new Call("GET", "/openapi.json", List.of(), null)).body());
        assertThat(document.path("openapi").asString()).isEqualTo("3.1.0");

        String ingest = "Bearer " + TestKeys.INGEST;
        String basic =
                "Basic " + Base64.getEncoder().encodeToString((TestKeys.INGEST + ":").getBytes(StandardCharsets.UTF_8));
        String json = MediaType.APPLICATION_JSON_VALUE;
        String event = "{\"id\": \"" + UUID.randomUUID() + "\", \"type\": \"openapi_check\"}";
        String track =
                "{\"event\": \"OpenAPI Check\", \"userId\": \"u\", \"messageId\": \"" + UUID.randomUUID() + "\"}";
        Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        String range = "from=" + to.minus(Duration.ofDays(1)) + "&to=" + to;
        List<Call> calls = List.of(
                new Call("POST", "/v1/events", List.of("Authorization", ingest, "Content-Type", json), event),
                new Call(
                        "POST",
                        "/v1/events",
                        List.of("Authorization", ingest, "Content-Type", json),
                        "[{\"type\": \"\"}]"),
                new Call("POST", "/v1/events", List.of("Authorization", ingest, "Content-Type", json), "[{"),
                new Call("POST", "/v1/events", List.of("Content-Type", json), event),
                new Call("POST", "/v1/events", List.of("Authorization", ingest, "Content-Type", "text/plain"), event),
                new Call(
                        "POST",
                        "/v1/events",
                        List.of("Authorization", ingest, "Content-Type", json, "Origin", "https://evil.example"),
                        event),
                new Call("POST", "/v1/track", List.of("Authorization", basic, "Content-Type", json), track),
                new Call(
                        "POST",
                        "/v1/page",
                        List.of("Authorization", basic, "Content-Type", json),
                        "{\"anonymousId\": \"a\", \"name\": \"Home\"}"),
                new Call(
                        "POST",
                        "/v1/screen",
                        List.of("Authorization", basic, "Content-Type", json),
                        "{\"anonymousId\": \"a\", \"name\": \"Home\"}"),
                new Call(
                        "POST",
                        "/v1/identify",
                        List.of("Authorization", basic, "Content-Type", json),
                        "{\"userId\": \"u\", \"traits\": {\"plan\": \"pro\"}}"),
                new Call(
                        "POST",
                        "/v1/group",
                        List.of("Authorization", basic, "Content-Type", json),
                        "{\"userId\": \"u\", \"groupId\": \"g\"}"),
                new Call(
                        "POST",
                        "/v1/alias",
                        List.of("Authorization", basic, "Content-Type", json),
                        "{\"userId\": \"u\", \"previousId\": \"a\"}"),
                new Call(
                        "POST",
                        "/v1/batch",
                        List.of("Authorization", basic, "Content-Type", json),
                        "{\"batch\": [{\"type\": \"track\", \"userId\": \"u\"}]}"),
                new Call(
                        "POST",
                        "/v1/import",
                        List.of("Content-Type", "text/plain"),
                        "{\"writeKey\": \"" + TestKeys.INGEST + "\", \"batch\": [{\"type\": \"page\", "
                                + "\"anonymousId\": \"a\"}]}"),
                new Call("POST", "/v1/batch", List.of("Authorization", basic, "Content-Type", json), "{\"batch\""),
                new Call(
                        "POST",
                        "/v1/collect?key=" + TestKeys.INGEST,
                        List.of(
                                "Content-Type",
                                "text/plain",
                                "User-Agent",
                                "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"),
                        "{\"events\": [{\"u\": \"https://shop.example/\"}]}"),
                new Call(
                        "POST",
                        "/v1/collect?key=" + TestKeys.INGEST,
                        List.of("Content-Type", "text/plain"),
                        "{\"events\": 1}"),
                new Call("GET", "/js/eventlens.js", List.of(), null),
                new Call(
                        "GET",
                        "/v1/reports.csv?metrics=events&dimensions=type&" + range,
                        List.of("Authorization", "Bearer " + TestKeys.READ),
                        null),
                new Call(
                        "GET",
                        "/v1/reports.csv?metrics=visits&" + range,
                        List.of("Authorization", "Bearer " + TestKeys.READ),
                        null),
                new Call(
                        "POST",
                        "/v1/reports.csv",
                        List.of("Authorization", "Bearer " + TestKeys.READ, "Content-Type", json),
                        "{\"metrics\": [\"events\"], \"from\": \"" + to.minus(Duration.ofDays(1)) + "\", \"to\": \""
                                + to + "\"}"),
                new Call("GET", "/v1/reports.csv?metrics=events&" + range, List.of(), null));

        Set<String> exercised = new HashSet<>();
        for (Call call : calls) {
            HttpResponse<String> response = send(call);
            String path = URI.create(call.path()).getPath();
            JsonNode operation =
                    document.path("paths").path(path).path(call.method().toLowerCase());
            assertThat(operation.isObject())
                    .as("%s %s is documented", call.method(), path)
                    .isTrue();
            exercised.add(call.method().toLowerCase() + " " + path);
            String status = String.valueOf(response.statusCode());
            JsonNode documented = operation.path("responses").path(status);
            assertThat(documented.isObject())
                    .as("%s %s answered %s, which is documented: %s", call.method(), path, status, response.body())
                    .isTrue();
            JsonNode content = documented.path("content");
            if (content.isMissingNode() || content.isEmpty()) {
                continue;
            }
            String type = response.headers()
                    .firstValue("Content-Type")
                    .map(MediaType::parseMediaType)
                    .map(media -> media.getType() + "/" + media.getSubtype())
                    .orElse("");
            assertThat(content.has(type))
                    .as("%s %s %s: content type %s is documented", call.method(), path, status, type)
                    .isTrue();
            if (type.endsWith("json")) {
                List<String> problems = new ArrayList<>();
                validate(document, content.path(type).path("schema"), JSON.readTree(response.body()), "$", problems);
                assertThat(problems)
                        .as("%s %s %s: %s", call.method(), path, status, response.body())
                        .isEmpty();
            }
        }
        List<String> documented = new ArrayList<>();
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .properties()
                        .forEach(method -> documented.add(method.getKey() + " " + path.getKey())));
        assertThat(exercised).containsExactlyInAnyOrderElementsOf(documented);
    }

    /** The subset of JSON Schema the document uses: $ref, type, enum, properties, required, items, oneOf. */
    private static void validate(JsonNode document, JsonNode schema, JsonNode value, String at, List<String> problems) {
        if (schema.has("$ref")) {
            JsonNode target = document;
            for (String part : schema.path("$ref").asString().substring(2).split("/")) {
                target = target.path(part);
            }
            validate(document, target, value, at, problems);
            return;
        }
        if (schema.has("oneOf")) {
            int matching = 0;
            for (JsonNode option : schema.path("oneOf")) {
                List<String> optionProblems = new ArrayList<>();
                validate(document, option, value, at, optionProblems);
                matching += optionProblems.isEmpty() ? 1 : 0;
            }
            if (matching != 1) {
                problems.add(at + ": matches " + matching + " of oneOf");
            }
            return;
        }
        JsonNode type = schema.path("type");
        if (!type.isMissingNode()) {
            List<String> types = new ArrayList<>();
            if (type.isArray()) {
                type.forEach(t -> types.add(t.asString()));
            } else {
                types.add(type.asString());
            }
            String actual = switch (value.getNodeType()) {
                case NULL -> "null";
                case BOOLEAN -> "boolean";
                case STRING -> "string";
                case ARRAY -> "array";
                case OBJECT -> "object";
                case NUMBER -> value.isIntegralNumber() ? "integer" : "number";
                default -> "other";
            };
            if (!types.contains(actual) && !(actual.equals("integer") && types.contains("number"))) {
                problems.add(at + ": is " + actual + ", documented " + types);
                return;
            }
        }
        if (schema.has("enum") && !schema.path("enum").valueStream().toList().contains(value)) {
            problems.add(at + ": " + value + " is not one of " + schema.path("enum"));
        }
        if (value.isObject()) {
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asString())) {
                    problems.add(at + ": lacks " + required.asString());
                }
            }
            for (Map.Entry<String, JsonNode> property : value.properties()) {
                JsonNode propertySchema = schema.path("properties").path(property.getKey());
                if (!propertySchema.isMissingNode()) {
                    validate(document, propertySchema, property.getValue(), at + "." + property.getKey(), problems);
                } else if (schema.path("additionalProperties").isBoolean()
                        && !schema.path("additionalProperties").asBoolean()) {
                    problems.add(at + ": undocumented " + property.getKey());
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                validate(document, schema.path("items"), value.get(i), at + "[" + i + "]", problems);
            }
        }
    }

    private HttpResponse<String> send(Call call) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + call.path()))
                .timeout(Duration.ofSeconds(30))
                .method(
                        call.method(),
                        call.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(call.body()));
        for (int i = 0; i < call.headers().size(); i += 2) {
            request.header(call.headers().get(i), call.headers().get(i + 1));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
