package io.eventlens.clickhouse;

import io.eventlens.core.event.Event;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads an {@link Event} back from the columns of {@link EventQueries#EVENT_COLUMNS}, by name. */
final class EventRows {

    private static final TypeReference<Map<String, Object>> PROPERTIES = new TypeReference<>() {};

    private final JsonMapper json;

    EventRows(JsonMapper json) {
        this.json = json;
    }

    Event read(Readable row) {
        String properties = row.get("properties", String.class);
        Object revenue = row.get("revenue");
        return new Event(
                Objects.requireNonNull(row.get("id", UUID.class), "id"),
                Objects.requireNonNull(row.get("type", String.class), "type"),
                Objects.requireNonNull(row.get("ts", OffsetDateTime.class), "ts")
                        .toInstant(),
                row.get("user_id", String.class),
                row.get("session_id", String.class),
                row.get("country", String.class),
                row.get("device", String.class),
                row.get("browser", String.class),
                row.get("os", String.class),
                row.get("page", String.class),
                row.get("referrer", String.class),
                revenue == null ? null : ((Number) revenue).doubleValue(),
                properties == null || properties.isEmpty() ? Map.of() : json.readValue(properties, PROPERTIES));
    }
}
