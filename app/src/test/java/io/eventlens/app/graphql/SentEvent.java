package io.eventlens.app.graphql;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** An event as a test sent it; the test's own model, from which it computes what the API must answer. */
record SentEvent(
        UUID id,
        String type,
        Instant timestamp,
        @Nullable String userId,
        @Nullable String sessionId,
        @Nullable String country,
        @Nullable String device,
        @Nullable String browser,
        @Nullable String os,
        @Nullable String page,
        @Nullable String referrer,
        @Nullable Double revenue,
        Map<String, @Nullable Object> properties) {

    /** The {@code EventInput} variable for the ingest mutation; absent fields are left out. */
    Map<String, Object> toInput() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("id", id.toString());
        input.put("type", type);
        input.put("timestamp", timestamp.toString());
        putIfPresent(input, "userId", userId);
        putIfPresent(input, "sessionId", sessionId);
        putIfPresent(input, "country", country);
        putIfPresent(input, "device", device);
        putIfPresent(input, "browser", browser);
        putIfPresent(input, "os", os);
        putIfPresent(input, "page", page);
        putIfPresent(input, "referrer", referrer);
        putIfPresent(input, "revenue", revenue);
        input.put("properties", properties);
        return input;
    }

    /** The text a report shows for dimension {@code name}, computed the way the product documents it. */
    @Nullable
    String dimension(String name) {
        if (name.startsWith("properties.")) {
            Object value = properties.get(name.substring("properties.".length()));
            return value == null ? null : String.valueOf(value);
        }
        return switch (name) {
            case "type" -> type;
            case "userId" -> userId;
            case "sessionId" -> sessionId;
            case "country" -> country;
            case "device" -> device;
            case "browser" -> browser;
            case "os" -> os;
            case "page" -> page;
            case "referrer" -> referrer;
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** The numeric property {@code key}, or null when it is missing or not a number. */
    @Nullable
    Double number(String key) {
        return properties.get(key) instanceof Number n ? n.doubleValue() : null;
    }

    private static void putIfPresent(Map<String, Object> input, String field, @Nullable Object value) {
        if (value != null) {
            input.put(field, value);
        }
    }
}
