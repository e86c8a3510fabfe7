package io.eventlens.core.query;

/**
 * How a filter compares a dimension's text value with the filter's values.
 *
 * <ul>
 *   <li>{@code EQ}, {@code NEQ}: exactly one value. {@code IN}, {@code NOT_IN}: one or more.</li>
 *   <li>{@code NEQ} and {@code NOT_IN} also match events where the dimension is missing (null);
 *       {@code EQ}, {@code IN} and {@code CONTAINS} never match a missing value.</li>
 *   <li>{@code CONTAINS}: one or more values; matches when any is a case-insensitive substring.</li>
 *   <li>{@code GT}, {@code GTE}, {@code LT}, {@code LTE}: exactly one numeric value; only for
 *       {@code properties.<key>}, and only events whose property is a JSON number match.</li>
 * </ul>
 */
public enum FilterOp {
    EQ,
    NEQ,
    IN,
    NOT_IN,
    CONTAINS,
    GT,
    GTE,
    LT,
    LTE;

    /** Whether this operator compares numbers. */
    public boolean numeric() {
        return this == GT || this == GTE || this == LT || this == LTE;
    }

    /**
     * The comparison symbol of a {@link #numeric()} operator as the expression language writes it ({@code >},
     * {@code >=}, {@code <}, {@code <=}), which engines write between the value and the number.
     */
    public String symbol() {
        return switch (this) {
            case GT -> ">";
            case GTE -> ">=";
            case LT -> "<";
            case LTE -> "<=";
            default -> throw new IllegalStateException("not numeric: " + this);
        };
    }

    /** Whether this operator takes exactly one value. */
    public boolean singleValued() {
        return this == EQ || this == NEQ || numeric();
    }
}
