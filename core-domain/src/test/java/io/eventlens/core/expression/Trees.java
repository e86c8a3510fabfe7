package io.eventlens.core.expression;

import io.eventlens.core.event.EventColumn;
import io.eventlens.core.expression.MetricExpression.Aggregate;
import io.eventlens.core.expression.RowExpression.Call;
import io.eventlens.core.expression.RowExpression.ColumnRef;
import io.eventlens.core.expression.RowExpression.PropertyRef;
import io.eventlens.core.expression.RowExpression.TextLiteral;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Short constructors for expected trees, so tests read like the expressions they check. */
final class Trees {

    private Trees() {}

    static ColumnRef column(EventColumn column) {
        return new ColumnRef(column);
    }

    static TextLiteral text(String value) {
        return new TextLiteral(value);
    }

    static NumberLiteral number(double value) {
        return new NumberLiteral(value);
    }

    static Call call(RowFunction function, RowExpression... arguments) {
        return new Call(function, List.of(arguments));
    }

    static Call numberOf(String key) {
        return call(RowFunction.NUMBER, new PropertyRef(key));
    }

    static Call textOf(String key) {
        return call(RowFunction.TEXT, new PropertyRef(key));
    }

    static Call booleanOf(String key) {
        return call(RowFunction.BOOLEAN, new PropertyRef(key));
    }

    static Aggregate aggregate(
            AggregateFunction function, @Nullable RowExpression argument, @Nullable Condition filter) {
        return new Aggregate(function, null, argument, filter);
    }

    static Aggregate count(@Nullable Condition filter) {
        return new Aggregate(AggregateFunction.COUNT, null, null, filter);
    }

    static Condition.Comparison compare(RowExpression left, ComparisonOperator operator, RowExpression right) {
        return new Condition.Comparison(left, operator, right);
    }

    static Condition.Comparison equal(RowExpression left, RowExpression right) {
        return compare(left, ComparisonOperator.EQ, right);
    }

    static MetricExpression.MetricReference ref(String name) {
        return new MetricExpression.MetricReference(name);
    }

    static MetricExpression.Arithmetic arithmetic(
            MetricExpression left, ArithmeticOperator operator, MetricExpression right) {
        return new MetricExpression.Arithmetic(operator, left, right);
    }
}
