package io.eventlens.app.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One generated request.
 *
 * @param method the HTTP method
 * @param pathAndQuery the path, with its (already encoded) query
 * @param headers header name and value pairs, in order
 * @param body the bytes sent, empty for none
 * @param valid whether the request is well-formed and sent with a fitting key: then it must succeed
 * @param events ids of well-formed events in it, stored once the request succeeds
 */
record FuzzRequest(
        String method,
        String pathAndQuery,
        List<Map.Entry<String, String>> headers,
        byte[] body,
        boolean valid,
        List<UUID> events) {

    FuzzRequest {
        headers = List.copyOf(headers);
        events = List.copyOf(events);
    }

    /** What was sent, short enough for a failure message and complete enough to replay by hand. */
    String describe() {
        String text = new String(body, StandardCharsets.UTF_8);
        return method + " " + pathAndQuery + " "
                + headers.stream()
                        .map(header -> header.getKey() + ": " + shortened(header.getValue(), 200))
                        .toList()
                + (body.length == 0 ? "" : " body (" + body.length + " bytes): " + shortened(text, 2_000));
    }

    private static String shortened(String text, int length) {
        return text.length() > length ? text.substring(0, length) + "..." : text;
    }
}
