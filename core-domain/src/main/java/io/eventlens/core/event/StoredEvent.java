package io.eventlens.core.event;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An event as every engine stores it and reads it back: the same fields under the same names, selected in the same
 * order, whatever the driver. Engines only say how a field is read from their rows ({@link Cells}).
 */
public final class StoredEvent {

    private StoredEvent() {}

    /** The stored fields, in the order every engine selects them. */
    public enum Field {
        ID,
        TS,
        TYPE,
        USER_ID,
        SESSION_ID,
        COUNTRY,
        DEVICE,
        BROWSER,
        OS,
        PAGE,
        REFERRER,
        REVENUE,
        PROPERTIES;

        /** The field's name in every engine's events table: its enum name in lower case. */
        public String storedName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Every field, in select order. */
    public static final List<Field> FIELDS = Arrays.asList(Field.values());

    /** One row's fields as the engine's driver reads them. */
    public interface Cells {
        /**
         * The field's value as {@code type}: {@link UUID} for the id, {@link OffsetDateTime} for the timestamp,
         * {@link Double} for revenue, {@link String} for the others; null where the row has none.
         */
        <T> @Nullable T get(Field field, Class<T> type);
    }

    /** The event of a row; its properties are parsed by the engine (or not read at all). */
    public static Event read(Cells row, Map<String, @Nullable Object> properties) {
        return new Event(
                Objects.requireNonNull(row.get(Field.ID, UUID.class), "id"),
                Objects.requireNonNull(row.get(Field.TYPE, String.class), "type"),
                Objects.requireNonNull(row.get(Field.TS, OffsetDateTime.class), "ts")
                        .toInstant(),
                row.get(Field.USER_ID, String.class),
                row.get(Field.SESSION_ID, String.class),
                row.get(Field.COUNTRY, String.class),
                row.get(Field.DEVICE, String.class),
                row.get(Field.BROWSER, String.class),
                row.get(Field.OS, String.class),
                row.get(Field.PAGE, String.class),
                row.get(Field.REFERRER, String.class),
                row.get(Field.REVENUE, Double.class),
                properties);
    }
}
