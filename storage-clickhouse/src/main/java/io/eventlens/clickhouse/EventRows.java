package io.eventlens.clickhouse;

import io.eventlens.core.event.Event;
import io.eventlens.core.event.StoredEvent;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads an {@link Event} back from the columns of {@link EventQueries#EVENT_COLUMNS}, by name. */
final class EventRows {

    private static final TypeReference<Map<String, @Nullable Object>> PROPERTIES = new TypeReference<>() {};

    private final JsonMapper json;

    EventRows(JsonMapper json) {
        this.json = json;
    }

    Event read(ResultRow row) {
        String properties = row.get("properties", String.class);
        return StoredEvent.read(
                new StoredEvent.Cells() {
                    @Override
                    public <T> @Nullable T get(StoredEvent.Field field, Class<T> type) {
                        if (field == StoredEvent.Field.REVENUE) {
                            // Whatever Number the driver gives for the Float64, widened to a double.
                            Object revenue = row.get(field.storedName());
                            return type.cast(revenue == null ? null : ((Number) revenue).doubleValue());
                        }
                        return row.get(field.storedName(), type);
                    }
                },
                properties == null || properties.isEmpty() ? Map.of() : json.readValue(properties, PROPERTIES));
    }
}
