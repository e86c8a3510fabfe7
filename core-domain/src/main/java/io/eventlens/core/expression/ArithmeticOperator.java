package io.eventlens.core.expression;

/**
 * The four arithmetic operators, on metrics and on row values alike. Any null operand gives null. Division by zero
 * gives null, not an error, and so does any result that is not a finite number (an overflow): engines compile
 * {@code a / b} as "null when b = 0".
 */
public enum ArithmeticOperator {
    ADD("+"),
    SUBTRACT("-"),
    MULTIPLY("*"),
    DIVIDE("/");

    private final String symbol;

    ArithmeticOperator(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written in expression text. */
    public String symbol() {
        return symbol;
    }

    /** Whether this operator binds like {@code *} rather than like {@code +}. */
    public boolean multiplicative() {
        return this == MULTIPLY || this == DIVIDE;
    }
}
