package io.eventlens.core.event;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Amounts of money as exact decimals. An event's revenue arrives and is kept as a double; every sum takes each
 * amount as the double rounded to 15 significant digits (what the amount was sent as, for any amount of up to 15
 * digits, as PostgreSQL reads a double into a decimal) and adds those exactly, so sums never drift in their last
 * digits ({@code 1020866.38}, not {@code 1020866.3799999997}). Engines and live reports sum the same way.
 */
public final class Revenue {

    /** Significant digits an amount keeps: a double's 15 reliable ones. */
    public static final int DIGITS = 15;

    private static final MathContext AMOUNT = new MathContext(DIGITS, RoundingMode.HALF_EVEN);

    private Revenue() {}

    /** The amount a revenue of {@code value} stands for. */
    public static BigDecimal decimal(double value) {
        return new BigDecimal(value).round(AMOUNT).stripTrailingZeros();
    }
}
