package io.eventlens.core.expression;

import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.CustomMetric;
import io.eventlens.core.catalog.Metric;
import io.eventlens.core.query.ReportQuery;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What each metric is over no events, for the buckets a report zero-fills without asking the database: every engine
 * fills them the same way.
 */
public final class EmptyMetricValues {

    private EmptyMetricValues() {}

    /** 0 for counting built-ins and count/uniq/sum, null for per-session built-ins and avg/min/max/quantile. */
    public static List<@Nullable Double> of(ReportQuery query) {
        List<@Nullable Double> values = new ArrayList<>();
        for (Metric metric : query.metrics()) {
            values.add(
                    switch (metric) {
                        case CustomMetric custom -> of(ResolvedMetric.of(custom).expression());
                        case BuiltInMetric builtIn -> builtIn.perSession() ? null : 0.0;
                    });
        }
        return values;
    }

    public static @Nullable Double of(MetricExpression expression) {
        return switch (expression) {
            case MetricExpression.Aggregate a -> a.function().zeroWhenEmpty() ? 0.0 : null;
            case NumberLiteral n -> n.value();
            case MetricExpression.Inlined i -> of(i.definition());
            case MetricExpression.Negation n -> {
                Double value = of(n.operand());
                yield value == null ? null : -value;
            }
            case MetricExpression.Arithmetic a -> {
                Double left = of(a.left());
                Double right = of(a.right());
                if (left == null || right == null) {
                    yield null;
                }
                double result = switch (a.operator()) {
                    case ADD -> left + right;
                    case SUBTRACT -> left - right;
                    case MULTIPLY -> left * right;
                    case DIVIDE -> right == 0 ? Double.NaN : left / right;
                };
                yield Double.isFinite(result) ? result : null;
            }
            case MetricExpression.MetricReference r -> throw new IllegalArgumentException("unresolved " + r.name());
        };
    }
}
