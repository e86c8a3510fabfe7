package io.eventlens.app.fuzz;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Requests no client should send: other methods, other paths, stray bodies. */
final class OddRequests extends RequestGenerator {

    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD");
    private static final List<String> PATHS = List.of(
            "/graphql",
            "/v1/events",
            "/v1/reports.csv",
            "/",
            "/graphiql",
            "/graphql/schema",
            "/actuator/health",
            "/actuator/health/readiness",
            "/actuator/health/liveness",
            "/actuator/prometheus",
            "/actuator/env",
            "/openapi.json",
            "/v1/events/1",
            "/v1/",
            "/index.html",
            "/js/api.js",
            "/graphql?query=%7B__typename%7D",
            "/v1/events?x=%00",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/graphql;jsessionid=1",
            "//graphql",
            "/GRAPHQL",
            "/v1/track",
            "/v1/batch",
            "/v1/identify",
            "/v1/collect",
            "/v1/collect?key=%00",
            "/js/eventlens.js",
            "/v1/batch?key=el_ingest_x");

    OddRequests(RequestGenerator tools) {
        super(tools);
    }

    @Override
    FuzzRequest next() {
        String method = METHODS.get(random.nextInt(METHODS.size()));
        String path = random.nextInt(5) == 0
                ? "/" + URLEncoder.encode(mutations.token(), StandardCharsets.UTF_8)
                : PATHS.get(random.nextInt(PATHS.size()));
        byte[] body = method.equals("GET") || method.equals("HEAD") || random.nextBoolean()
                ? new byte[0]
                : mutations.bytes(mutations.token());
        FuzzHeaders.Chosen chosen =
                headers.choose(keys.admin(), body.length == 0 ? null : "application/json", "application/json");
        return new FuzzRequest(method, path, chosen.headers(), body, false, List.of());
    }
}
