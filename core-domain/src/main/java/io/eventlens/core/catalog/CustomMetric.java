package io.eventlens.core.catalog;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A metric a project defined with the expression language, e.g. {@code arpu = revenue / uniqueUsers}.
 *
 * @param expression the canonical text of the definition, for display
 * @param formula the resolved tree engines compile (an {@code io.eventlens.core.expression.ResolvedMetric}); typed
 *     by a marker so this package stays independent of the expression language
 */
public record CustomMetric(
        String publicName, String description, @Nullable String unit, String expression, Formula formula)
        implements Metric {

    public CustomMetric {
        Objects.requireNonNull(publicName, "publicName");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(formula, "formula");
    }

    /** What a custom metric computes; implemented by the expression language's resolved metric. */
    public interface Formula {}
}
