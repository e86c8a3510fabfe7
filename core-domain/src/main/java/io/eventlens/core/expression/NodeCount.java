package io.eventlens.core.expression;

import java.util.IdentityHashMap;
import java.util.Map;

/** Counts the nodes of a tree as an engine would see it, with every inlined metric expanded. */
final class NodeCount {

    private final Map<MetricExpression, Long> inlined = new IdentityHashMap<>();

    /** Expanded size; shared inlined definitions are counted once per use but computed once. */
    long of(MetricExpression expression) {
        return switch (expression) {
            case MetricExpression.Inlined i -> {
                Long known = inlined.get(i.definition());
                if (known == null) {
                    known = of(i.definition());
                    inlined.put(i.definition(), known);
                }
                yield 1 + known;
            }
            case MetricExpression.Arithmetic a -> 1 + of(a.left()) + of(a.right());
            case MetricExpression.Negation n -> 1 + of(n.operand());
            case MetricExpression.Aggregate a ->
                1 + (a.argument() == null ? 0 : of(a.argument())) + (a.filter() == null ? 0 : of(a.filter()));
            case MetricExpression.MetricReference r -> 1;
            case NumberLiteral n -> 1;
        };
    }

    static long of(RowExpression expression) {
        return switch (expression) {
            case RowExpression.Call c ->
                1 + c.arguments().stream().mapToLong(NodeCount::of).sum();
            case RowExpression.RowArithmetic a -> 1 + of(a.left()) + of(a.right());
            case RowExpression.RowNegation n -> 1 + of(n.operand());
            default -> 1;
        };
    }

    static long of(Condition condition) {
        return switch (condition) {
            case Condition.And a -> 1 + of(a.left()) + of(a.right());
            case Condition.Or o -> 1 + of(o.left()) + of(o.right());
            case Condition.Not n -> 1 + of(n.operand());
            case Condition.Comparison c -> 1 + of(c.left()) + of(c.right());
            case Condition.InList i -> 1 + of(i.operand()) + i.values().size();
            case Condition.IsNull i -> 1 + of(i.operand());
            case Condition.Contains c -> 1 + of(c.text()) + of(c.part());
        };
    }
}
