package io.eventlens.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.rollup.Rollup;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The stored shape of an event every engine shares: field names, their order, and the event read back. */
class StoredEventTests {

    @Test
    void fieldsAreSelectedInOneOrderUnderTheirSnakeCaseNames() {
        assertThat(StoredEvent.FIELDS.stream().map(StoredEvent.Field::storedName))
                .containsExactly(
                        "id",
                        "ts",
                        "type",
                        "user_id",
                        "session_id",
                        "country",
                        "device",
                        "browser",
                        "os",
                        "page",
                        "referrer",
                        "revenue",
                        "properties");
    }

    @Test
    void textColumnsAreStoredUnderTheFieldNamesAndKeyRollupsInThatOrder() {
        for (EventColumn column : EventColumn.values()) {
            assertThat(StoredEvent.Field.valueOf(column.name()).storedName()).isEqualTo(column.storedName());
        }
        assertThat(Rollup.KEY_COLUMNS)
                .containsExactly(
                        EventColumn.TYPE,
                        EventColumn.COUNTRY,
                        EventColumn.DEVICE,
                        EventColumn.BROWSER,
                        EventColumn.OS,
                        EventColumn.PAGE,
                        EventColumn.REFERRER,
                        EventColumn.USER_ID,
                        EventColumn.SESSION_ID);
    }

    @Test
    void aRowReadsBackAsTheEvent() {
        UUID id = UUID.randomUUID();
        Instant ts = Instant.parse("2026-03-01T12:00:00.123456Z");
        Map<StoredEvent.Field, Object> cells = new EnumMap<>(StoredEvent.Field.class);
        cells.put(StoredEvent.Field.ID, id);
        cells.put(StoredEvent.Field.TS, OffsetDateTime.ofInstant(ts, ZoneOffset.ofHours(2)));
        cells.put(StoredEvent.Field.TYPE, "purchase");
        cells.put(StoredEvent.Field.USER_ID, "u1");
        cells.put(StoredEvent.Field.COUNTRY, "DE");
        cells.put(StoredEvent.Field.PAGE, "/checkout");
        cells.put(StoredEvent.Field.REVENUE, 12.5);
        Map<String, @Nullable Object> properties = Map.of("plan", "pro");

        Event event = StoredEvent.read(
                new StoredEvent.Cells() {
                    @Override
                    public <T> @Nullable T get(StoredEvent.Field field, Class<T> type) {
                        return type.cast(cells.get(field));
                    }
                },
                properties);

        assertThat(event)
                .isEqualTo(new Event(
                        id, "purchase", ts, "u1", null, "DE", null, null, null, "/checkout", null, 12.5, properties));
    }
}
