package io.eventlens.core.expression;

import java.util.Objects;

/**
 * Parses expression text into type-checked trees, or refuses it with an {@link ExpressionException}. Metric
 * names stay unresolved {@link MetricExpression.MetricReference}s; {@link ExpressionResolver} resolves them.
 * Stateless and thread-safe.
 */
public final class ExpressionParser {

    private final ExpressionLimits limits;

    public ExpressionParser(ExpressionLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** A metric: aggregates and metric names combined by arithmetic, e.g. {@code sum(revenue) / uniqueUsers}. */
    public MetricExpression metric(String text) {
        return bindMetric(text).expression();
    }

    /** A dimension: a value of each event, e.g. {@code coalesce(properties.plan, 'free')}. */
    public RowExpression dimension(String text) {
        return bindDimension(text).expression();
    }

    /** A condition on single events, as in a where clause, e.g. {@code country in ('DE', 'AT')}. */
    public Condition condition(String text) {
        return Binder.condition(SyntaxParser.parse(Objects.requireNonNull(text, "text"), limits));
    }

    Binder.BoundMetric bindMetric(String text) {
        return Binder.metric(SyntaxParser.parse(Objects.requireNonNull(text, "text"), limits));
    }

    Binder.Typed bindDimension(String text) {
        return Binder.dimension(SyntaxParser.parse(Objects.requireNonNull(text, "text"), limits));
    }

    ExpressionLimits limits() {
        return limits;
    }
}
