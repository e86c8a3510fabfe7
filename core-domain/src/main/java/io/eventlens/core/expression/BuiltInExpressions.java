package io.eventlens.core.expression;

import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.expression.Condition.Comparison;
import io.eventlens.core.expression.MetricExpression.Aggregate;
import io.eventlens.core.expression.RowExpression.Call;
import io.eventlens.core.expression.RowExpression.ColumnRef;
import io.eventlens.core.expression.RowExpression.PropertyRef;
import io.eventlens.core.expression.RowExpression.TextLiteral;
import io.eventlens.core.query.Filter;
import java.util.List;

/**
 * The built-in metrics, dimensions and report filters written in the expression language, so an engine can
 * compile everything one way. Each has exactly the built-in semantics.
 */
public final class BuiltInExpressions {

    private BuiltInExpressions() {}

    /** {@code events = count()}, {@code uniqueUsers = uniq(userId)}, {@code sessions = uniq(sessionId)},
     * {@code revenue = sum(revenue)}. The {@linkplain BuiltInMetric#perSession() per-session} metrics aggregate
     * twice and have no expression form.
     *
     * @throws IllegalArgumentException for a per-session metric
     */
    public static MetricExpression metric(BuiltInMetric metric) {
        return switch (metric) {
            case EVENTS -> Aggregate.of(AggregateFunction.COUNT, null);
            case UNIQUE_USERS -> Aggregate.of(AggregateFunction.UNIQ, new ColumnRef(EventColumn.USER_ID));
            case SESSIONS -> Aggregate.of(AggregateFunction.UNIQ, new ColumnRef(EventColumn.SESSION_ID));
            case REVENUE -> Aggregate.of(AggregateFunction.SUM, new RowExpression.Revenue());
            case BOUNCE_RATE, AVG_SESSION_DURATION, PAGES_PER_SESSION ->
                throw new IllegalArgumentException(
                        metric.publicName() + " is computed per session and has no expression form");
        };
    }

    /**
     * A column as itself, {@code properties.<key>} as {@code text(properties.<key>)}, a custom dimension as its
     * text (reports show every dimension as text).
     */
    public static RowExpression dimension(Dimension dimension) {
        return switch (dimension) {
            case Dimension.Column c -> new ColumnRef(c.column());
            case Dimension.Property p -> new Call(RowFunction.TEXT, List.of(new PropertyRef(p.key())));
            case io.eventlens.core.catalog.CustomDimension c -> asText(ResolvedDimension.of(c));
        };
    }

    /**
     * A report filter as a condition: EQ/NEQ/IN/NOT_IN compare the dimension's text, CONTAINS any of several
     * values is an {@code or} of contains, and GT/GTE/LT/LTE compare {@code number(properties.<key>)}.
     */
    public static Condition condition(Filter filter) {
        RowExpression text = dimension(filter.dimension());
        List<String> values = filter.values();
        return switch (filter.op()) {
            case EQ -> new Comparison(text, ComparisonOperator.EQ, new TextLiteral(values.getFirst()));
            case NEQ -> new Comparison(text, ComparisonOperator.NEQ, new TextLiteral(values.getFirst()));
            case IN -> new Condition.InList(text, texts(values), false);
            case NOT_IN -> new Condition.InList(text, texts(values), true);
            case CONTAINS ->
                values.stream()
                        .<Condition>map(v -> new Condition.Contains(text, new TextLiteral(v)))
                        .reduce(Condition.Or::new)
                        .orElseThrow();
            case GT -> numeric(filter, ComparisonOperator.GT);
            case GTE -> numeric(filter, ComparisonOperator.GTE);
            case LT -> numeric(filter, ComparisonOperator.LT);
            case LTE -> numeric(filter, ComparisonOperator.LTE);
        };
    }

    private static List<RowExpression.Literal> texts(List<String> values) {
        return values.stream().<RowExpression.Literal>map(TextLiteral::new).toList();
    }

    private static RowExpression asText(ResolvedDimension dimension) {
        return dimension.type() == ValueType.TEXT
                ? dimension.expression()
                : new Call(RowFunction.TEXT, List.of(dimension.expression()));
    }

    private static Condition numeric(Filter filter, ComparisonOperator operator) {
        if (filter.dimension() instanceof io.eventlens.core.catalog.CustomDimension custom
                && custom.comparableAsNumber()) {
            return new Comparison(
                    ResolvedDimension.of(custom).expression(), operator, new NumberLiteral(filter.number()));
        }
        if (!(filter.dimension() instanceof Dimension.Property property)) {
            throw new IllegalArgumentException(filter.op() + " applies to properties only: " + filter);
        }
        return new Comparison(
                new Call(RowFunction.NUMBER, List.of(new PropertyRef(property.key()))),
                operator,
                new NumberLiteral(filter.number()));
    }
}
