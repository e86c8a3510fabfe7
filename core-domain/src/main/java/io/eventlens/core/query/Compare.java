package io.eventlens.core.query;

/** What a report compares its values with. */
public enum Compare {
    /** The range of the same length immediately before the report's range. */
    PREVIOUS_PERIOD
}
