package io.eventlens.core.expression;

import java.math.BigDecimal;

/** How expression text writes a number: the shortest decimal that reads back as the same double. */
final class NumberText {

    private NumberText() {}

    /** {@code 42}, {@code 0.5}, {@code -3.25}, {@code 1.5E+20}, {@code 1E-7}: always valid expression syntax. */
    static String of(double value) {
        if (value == 0) {
            return "0";
        }
        BigDecimal decimal = BigDecimal.valueOf(value).stripTrailingZeros(); // Double.toString: shortest round trip
        int exponent = decimal.precision() - decimal.scale() - 1;
        return exponent >= -6 && exponent < 15 ? decimal.toPlainString() : decimal.toString();
    }
}
