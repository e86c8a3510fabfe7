package io.eventlens.core.promotion;

import io.eventlens.core.catalog.Dimension;
import java.util.Objects;

/**
 * A property of one project kept as a column besides the JSON.
 *
 * @param progress share of the events stored before the promotion whose column is filled, 0 to 1 (1 once ready)
 */
public record PromotedProperty(Dimension.Property property, PropertyType type, State state, double progress) {

    /** Where a promotion stands; reports read the column only when {@link #READY}. */
    public enum State {
        /** New events fill the column; older ones are being filled in the background. Reports read the JSON. */
        BACKFILLING,
        /** Every event has the column filled; reports read it. */
        READY,
        /** Reports read the JSON again; the column is dropped shortly. */
        DEMOTING
    }

    public PromotedProperty {
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(state, "state");
    }

    /** The name reports use, e.g. {@code properties.plan}. */
    public String name() {
        return property.publicName();
    }
}
