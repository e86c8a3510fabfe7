package io.eventlens.postgres;

import io.eventlens.core.event.Event;
import io.eventlens.core.event.StoredEvent;
import io.r2dbc.spi.Readable;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads an {@link Event} back from the columns of {@link EventQueries#EVENT_COLUMNS}, by position. */
final class EventRows {

    private static final TypeReference<Map<String, @Nullable Object>> PROPERTIES = new TypeReference<>() {};

    private final JsonMapper json;

    EventRows(JsonMapper json) {
        this.json = json;
    }

    Event read(Readable row) {
        String properties = row.get(StoredEvent.Field.PROPERTIES.ordinal(), String.class);
        return StoredEvent.read(cells(row), properties == null ? Map.of() : json.readValue(properties, PROPERTIES));
    }

    /** The event of a row whose properties are not read (rollups never look at them). */
    static Event withoutProperties(Readable row) {
        return StoredEvent.read(cells(row), Map.of());
    }

    private static StoredEvent.Cells cells(Readable row) {
        return new StoredEvent.Cells() {
            @Override
            public <T> @Nullable T get(StoredEvent.Field field, Class<T> type) {
                return row.get(field.ordinal(), type);
            }
        };
    }
}
