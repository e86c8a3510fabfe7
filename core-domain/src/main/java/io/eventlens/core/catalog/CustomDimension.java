package io.eventlens.core.catalog;

import java.util.Objects;

/**
 * A dimension a project defined with the expression language, e.g. {@code referrer_host = url_host(referrer)}.
 * Reports show its value as text; a numeric one also takes GT/GTE/LT/LTE filters.
 *
 * @param expression the canonical text of the definition, for display
 * @param formula the resolved tree engines compile (an {@code io.eventlens.core.expression.ResolvedDimension})
 */
public record CustomDimension(String publicName, String description, String expression, Formula formula)
        implements Dimension {

    public CustomDimension {
        Objects.requireNonNull(publicName, "publicName");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(formula, "formula");
    }

    @Override
    public boolean comparableAsNumber() {
        return formula.numeric();
    }

    /** What a custom dimension computes; implemented by the expression language's resolved dimension. */
    public interface Formula {

        /** Whether the value is a number, so numeric filters apply. */
        boolean numeric();
    }
}
