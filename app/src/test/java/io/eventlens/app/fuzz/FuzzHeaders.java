package io.eventlens.app.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The headers of a generated request: mostly the fitting ones, sometimes missing, wrong or garbage ones (the
 * request is then no longer {@link FuzzRequest#valid() valid}).
 */
final class FuzzHeaders {

    private static final List<String> CONTENT_TYPES = List.of(
            "text/plain",
            "application/xml",
            ";;;",
            "application/",
            "application/json; charset=nope",
            "application/json; charset=latin1",
            "application/x-ndjson",
            "application/graphql",
            "multipart/form-data; boundary=x",
            "*/*",
            "application/json;;;q=x",
            "application/vnd.api+json",
            "APPLICATION/JSON",
            "application/json, text/plain",
            "\u00e9/\u00e9");
    private static final List<String> ACCEPTS = List.of(
            "text/html",
            "*/*",
            "application/*",
            ";;;",
            "application/json;q=0",
            "application/graphql-response+json;q=0.1, application/json;q=0.9",
            "application/graphql+json",
            "text/csv",
            "application/problem+json",
            "image/png;q=2",
            "x",
            "\u00e9");
    private static final List<String> AUTHORIZATIONS = List.of(
            "",
            "Bearer",
            "Bearer ",
            "Basic dXNlcjpwYXNz",
            "bearer el_read_",
            "Bearer el_admin_x",
            "Bearer el_server_",
            "Token abc",
            "Bearer  ",
            "Bearer el_read_\u00e9\u00e9\u00e9",
            "Bearer " + "el_read_" + "x".repeat(4_000));

    private final RandomGenerator random;
    private final FuzzKeys keys;

    FuzzHeaders(RandomGenerator random, FuzzKeys keys) {
        this.random = random;
        this.keys = keys;
    }

    /** The headers, and whether they are the fitting ones. */
    Chosen choose(String key, @Nullable String contentType, @Nullable String accept) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        boolean fitting = true;
        switch (random.nextInt(12)) {
            case 0 -> fitting = false; // no key at all
            case 1 -> {
                headers.add(Map.entry("Authorization", AUTHORIZATIONS.get(random.nextInt(AUTHORIZATIONS.size()))));
                fitting = false;
            }
            case 2 -> {
                // A real key of another project or scope: it must never reach this project's data.
                headers.add(Map.entry("Authorization", "Bearer " + keys.stranger()));
                fitting = false;
            }
            default -> headers.add(Map.entry("Authorization", "Bearer " + key));
        }
        if (contentType != null) {
            if (random.nextInt(10) == 0) {
                fitting = false;
                if (random.nextBoolean()) {
                    headers.add(Map.entry("Content-Type", CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size()))));
                }
            } else {
                headers.add(Map.entry("Content-Type", contentType));
            }
        }
        if (accept != null) {
            if (random.nextInt(10) == 0) {
                fitting = false;
                headers.add(Map.entry("Accept", ACCEPTS.get(random.nextInt(ACCEPTS.size()))));
            } else if (random.nextInt(4) != 0) {
                headers.add(Map.entry("Accept", accept));
            }
        }
        if (random.nextInt(20) == 0) {
            headers.add(Map.entry("X-Fuzz-" + random.nextInt(1_000), "x".repeat(random.nextInt(6_000))));
        }
        return new Chosen(headers, fitting);
    }

    /** Headers and whether they are the fitting ones. */
    record Chosen(List<Map.Entry<String, String>> headers, boolean fitting) {}
}
