package io.eventlens.core;

import java.util.Objects;
import java.util.regex.Pattern;

/** The tenant every stored row belongs to. */
public record ProjectId(String value) {

    // Declared before DEFAULT: static fields initialize in order, and DEFAULT's constructor needs it.
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    /** The project used until API keys assign one. */
    public static final ProjectId DEFAULT = new ProjectId("default");

    public ProjectId {
        Objects.requireNonNull(value, "value");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("project id must match " + VALID.pattern() + ": " + value);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
