package io.eventlens.core.expression;

import io.eventlens.core.expression.MetricExpression.Inlined;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;

/**
 * A metric ready for an engine: every metric name replaced by an {@link Inlined} tree, so it holds no
 * {@link MetricExpression.MetricReference}.
 *
 * @param dependencies the custom metrics it uses, directly or through others; it must be re-resolved when one
 *     of them changes, and none of them may be deleted while it exists
 */
public record ResolvedMetric(MetricExpression expression, Set<String> dependencies)
        implements io.eventlens.core.catalog.CustomMetric.Formula {

    public ResolvedMetric {
        Objects.requireNonNull(expression, "expression");
        dependencies = Set.copyOf(dependencies);
        requireResolved(expression, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    /** The resolved tree of a custom metric (the only kind of formula there is). */
    public static ResolvedMetric of(io.eventlens.core.catalog.CustomMetric metric) {
        return (ResolvedMetric) metric.formula();
    }

    private static void requireResolved(MetricExpression expression, Set<MetricExpression> seen) {
        switch (expression) {
            case MetricExpression.MetricReference r ->
                throw new IllegalArgumentException("unresolved metric reference: " + r.name());
            case Inlined i -> {
                if (seen.add(i.definition())) { // definitions are shared between references: visit each once
                    requireResolved(i.definition(), seen);
                }
            }
            case MetricExpression.Arithmetic a -> {
                requireResolved(a.left(), seen);
                requireResolved(a.right(), seen);
            }
            case MetricExpression.Negation n -> requireResolved(n.operand(), seen);
            case MetricExpression.Aggregate a -> {}
            case NumberLiteral n -> {}
        }
    }
}
