package io.eventlens.postgres;

import io.eventlens.core.event.Event;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads an {@link Event} back from the columns of {@link EventQueries#EVENT_COLUMNS}. */
final class EventRows {

    private static final TypeReference<Map<String, Object>> PROPERTIES = new TypeReference<>() {};

    private final JsonMapper json;

    EventRows(JsonMapper json) {
        this.json = json;
    }

    Event read(Readable row) {
        String properties = row.get(12, String.class);
        return read(row, properties == null ? Map.of() : json.readValue(properties, PROPERTIES));
    }

    /** The event of a row whose properties are not read (rollups never look at them). */
    static Event withoutProperties(Readable row) {
        return read(row, Map.of());
    }

    private static Event read(Readable row, Map<String, Object> properties) {
        return new Event(
                Objects.requireNonNull(row.get(0, UUID.class), "id"),
                Objects.requireNonNull(row.get(2, String.class), "type"),
                Objects.requireNonNull(row.get(1, OffsetDateTime.class), "ts").toInstant(),
                row.get(3, String.class),
                row.get(4, String.class),
                row.get(5, String.class),
                row.get(6, String.class),
                row.get(7, String.class),
                row.get(8, String.class),
                row.get(9, String.class),
                row.get(10, String.class),
                row.get(11, Double.class),
                properties);
    }
}
