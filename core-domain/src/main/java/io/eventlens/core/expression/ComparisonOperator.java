package io.eventlens.core.expression;

/**
 * Comparison operators of a where clause. Both operands have the same type (the parser converts properties);
 * the ordering operators compare numbers only.
 */
public enum ComparisonOperator {
    EQ("="),
    NEQ("!="),
    LT("<"),
    LTE("<="),
    GT(">"),
    GTE(">=");

    private final String symbol;

    ComparisonOperator(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written in expression text ({@code <>} is read as {@code !=}). */
    public String symbol() {
        return symbol;
    }

    /** Whether this operator orders numbers rather than testing equality. */
    public boolean ordering() {
        return this != EQ && this != NEQ;
    }
}
