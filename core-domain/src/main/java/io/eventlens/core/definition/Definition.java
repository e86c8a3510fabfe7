package io.eventlens.core.definition;

import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A stored custom metric or dimension, as the user wrote it.
 *
 * @param expression the canonical text of the expression
 * @param unit a display unit; metrics only
 * @param dependencies the custom metrics it uses, directly or through others; none for dimensions
 */
public record Definition(
        Kind kind,
        String name,
        String expression,
        String description,
        @Nullable String unit,
        Set<String> dependencies) {

    public Definition {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(description, "description");
        dependencies = Set.copyOf(dependencies);
    }

    /** What a definition defines; one namespace holds both kinds. */
    public enum Kind {
        METRIC,
        DIMENSION
    }
}
