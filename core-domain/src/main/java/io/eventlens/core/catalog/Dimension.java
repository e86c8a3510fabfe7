package io.eventlens.core.catalog;

import io.eventlens.core.event.EventColumn;
import java.util.Objects;

/** Something a report groups or filters by; engines compile each kind by pattern matching. */
public sealed interface Dimension permits Dimension.Column, Dimension.Property, CustomDimension {

    /** The prefix that names a JSON property dimension: {@code properties.plan}. */
    String PROPERTY_PREFIX = "properties.";

    /** The name reports, inputs and results use. */
    String publicName();

    /** Whether GT/GTE/LT/LTE apply: only JSON properties can hold numbers. */
    boolean comparableAsNumber();

    /** One of the event's built-in text columns. */
    record Column(EventColumn column) implements Dimension {
        public Column {
            Objects.requireNonNull(column, "column");
        }

        @Override
        public String publicName() {
            return column.publicName();
        }

        @Override
        public boolean comparableAsNumber() {
            return false;
        }
    }

    /**
     * A top-level key of the event's JSON properties. Its text value is the JSON string itself, or the JSON text
     * of any other value (numbers as written, {@code true}/{@code false}); a missing key or JSON null is null.
     */
    record Property(String key) implements Dimension {
        public Property {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public String publicName() {
            return PROPERTY_PREFIX + key;
        }

        @Override
        public boolean comparableAsNumber() {
            return true;
        }
    }
}
