package io.eventlens.core.expression;

/**
 * A finite number written in an expression; usable both as a metric term and as a row value. Engines bind it as a
 * parameter. {@code -0} is stored as {@code 0}.
 */
public record NumberLiteral(double value) implements MetricExpression, RowExpression.Literal {

    public NumberLiteral {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a number literal must be finite: " + value);
        }
        value = value + 0.0; // turns -0.0 into 0.0, so equal literals print and compare alike
    }
}
