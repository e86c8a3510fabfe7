package io.eventlens.core.expression;

import java.util.Objects;

/**
 * A custom dimension ready for an engine. Reports show every dimension as text: a number or boolean value as
 * {@code text()} of it would give.
 *
 * @param type TEXT, NUMBER or BOOLEAN; NUMBER dimensions can also be compared with GT/GTE/LT/LTE filters
 */
public record ResolvedDimension(RowExpression expression, ValueType type)
        implements io.eventlens.core.catalog.CustomDimension.Formula {

    public ResolvedDimension {
        Objects.requireNonNull(expression, "expression");
        if (type != ValueType.TEXT && type != ValueType.NUMBER && type != ValueType.BOOLEAN) {
            throw new IllegalArgumentException("a dimension is text, a number or a boolean, not " + type);
        }
    }

    @Override
    public boolean numeric() {
        return type == ValueType.NUMBER;
    }

    /** The resolved tree of a custom dimension (the only kind of formula there is). */
    public static ResolvedDimension of(io.eventlens.core.catalog.CustomDimension dimension) {
        return (ResolvedDimension) dimension.formula();
    }
}
