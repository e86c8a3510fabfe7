package io.eventlens.core.access;

import java.util.Locale;

/** What an API key may do within its project. */
public enum Scope {

    /** Send events only: safe to embed in a web page. */
    INGEST,
    /** Queries and subscriptions, and the project's saved dashboards. */
    READ,
    /** Everything in the project: its keys, custom metrics and dimensions, plus what READ and INGEST allow. */
    ADMIN;

    /** Whether a key of this scope may do what {@code required} allows. */
    public boolean grants(Scope required) {
        return this == ADMIN || this == required;
    }

    /** The lower-case name used in key prefixes and texts, e.g. {@code read}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
