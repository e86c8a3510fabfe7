package io.eventlens.core.seed;

import io.eventlens.core.event.Event;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Writes events as the JSON array {@code POST /v1/events} reads, for load generators and benchmarks. */
public final class EventJson {

    private EventJson() {}

    public static String array(List<Event> events) {
        return array(events, true, true);
    }

    /**
     * The array, with or without the events' timestamps (without, the server stamps each event when it arrives, as
     * for a tracker that sends none: live traffic, never late for the rollups) and ids (without, the server makes
     * them, and a retry is not recognised).
     */
    public static String array(List<Event> events, boolean timestamps, boolean ids) {
        StringBuilder json = new StringBuilder(events.size() * 360).append('[');
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            object(json, events.get(i), timestamps, ids);
        }
        return json.append(']').toString();
    }

    private static void object(StringBuilder json, Event event, boolean timestamp, boolean id) {
        json.append('{');
        if (id) {
            json.append("\"id\":\"").append(event.id()).append("\",");
        }
        json.append("\"type\":");
        string(json, event.type());
        if (timestamp) {
            json.append(",\"timestamp\":\"").append(event.timestamp()).append('"');
        }
        field(json, "userId", event.userId());
        field(json, "sessionId", event.sessionId());
        field(json, "country", event.country());
        field(json, "device", event.device());
        field(json, "browser", event.browser());
        field(json, "os", event.os());
        field(json, "page", event.page());
        field(json, "referrer", event.referrer());
        if (event.revenue() != null) {
            json.append(",\"revenue\":").append(event.revenue());
        }
        json.append(",\"properties\":{");
        boolean first = true;
        for (Map.Entry<String, @Nullable Object> property : event.properties().entrySet()) {
            if (!first) {
                json.append(',');
            }
            first = false;
            string(json, property.getKey());
            json.append(':');
            value(json, property.getValue());
        }
        json.append("}}");
    }

    private static void field(StringBuilder json, String name, @Nullable String value) {
        if (value != null) {
            json.append(",\"").append(name).append("\":");
            string(json, value);
        }
    }

    private static void value(StringBuilder json, @Nullable Object value) {
        switch (value) {
            case null -> json.append("null");
            case String text -> string(json, text);
            case Number number -> json.append(number);
            case Boolean bool -> json.append(bool);
            default -> throw new IllegalArgumentException("the generator makes only plain values, not " + value);
        }
    }

    public static void string(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
