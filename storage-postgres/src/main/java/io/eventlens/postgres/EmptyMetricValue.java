package io.eventlens.postgres;

import io.eventlens.core.expression.MetricExpression;
import io.eventlens.core.expression.NumberLiteral;
import org.jspecify.annotations.Nullable;

/** What a metric is over no events, for the buckets a report zero-fills without asking the database. */
final class EmptyMetricValue {

    private EmptyMetricValue() {
    }

    static @Nullable Double of(MetricExpression expression) {
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
