package io.eventlens.core.expression;

import java.util.List;
import java.util.Objects;

/**
 * A where clause: true or false for one event, never unknown. A comparison with a null operand is false, and
 * {@code not} simply negates, so {@code country != 'DE'}, {@code country not in ('DE')} and
 * {@code not country = 'DE'} all match events without a country, like the report filters NEQ and NOT_IN.
 */
public sealed interface Condition
        permits Condition.Comparison,
                Condition.InList,
                Condition.IsNull,
                Condition.Contains,
                Condition.And,
                Condition.Or,
                Condition.Not {

    /**
     * {@code left op right} over operands of one type: text and booleans compare for equality only (text exactly,
     * case-sensitive), numbers in every way. False when either side is null; {@code !=} is {@code not =}.
     */
    record Comparison(RowExpression left, ComparisonOperator operator, RowExpression right) implements Condition {
        public Comparison {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(right, "right");
        }
    }

    /**
     * {@code x in (v1, v2, ...)}: whether a non-null {@code x} equals one of the literals (all of {@code x}'s type).
     * {@code x not in (...)} is its negation and so matches a null {@code x}.
     */
    record InList(RowExpression operand, List<RowExpression.Literal> values, boolean negated) implements Condition {
        public InList {
            Objects.requireNonNull(operand, "operand");
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("in needs at least one value");
            }
        }
    }

    /** {@code x is null} / {@code x is not null}; a missing property or JSON null is null. */
    record IsNull(RowExpression operand, boolean negated) implements Condition {
        public IsNull {
            Objects.requireNonNull(operand, "operand");
        }
    }

    /**
     * {@code text contains part}: whether {@code part} occurs in {@code text} ignoring case (both lower-cased as
     * by {@code lower()}); false when either is null. The same test as the report filter CONTAINS.
     */
    record Contains(RowExpression text, RowExpression part) implements Condition {
        public Contains {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(part, "part");
        }
    }

    /** Both conditions hold. */
    record And(Condition left, Condition right) implements Condition {
        public And {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    /** At least one condition holds. */
    record Or(Condition left, Condition right) implements Condition {
        public Or {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    /** The condition does not hold. */
    record Not(Condition operand) implements Condition {
        public Not {
            Objects.requireNonNull(operand, "operand");
        }
    }
}
