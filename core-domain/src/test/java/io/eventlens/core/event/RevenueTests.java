package io.eventlens.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Amounts are the doubles rounded to 15 significant digits, as PostgreSQL reads a double into a decimal. */
class RevenueTests {

    @Test
    void anAmountIsWhatWasSent() {
        assertThat(Revenue.decimal(49.9)).isEqualByComparingTo("49.9");
        assertThat(Revenue.decimal(1020866.38)).isEqualByComparingTo("1020866.38");
        assertThat(Revenue.decimal(0.01)).isEqualByComparingTo("0.01");
    }

    @Test
    void digitsBeyondTheFifteenthAreRoundedAwayAsPostgresqlDoes() {
        // The values PostgreSQL 18 gives for float8::numeric of the same doubles (checked with psql).
        assertThat(Revenue.decimal(0.30000000000000004)).isEqualByComparingTo("0.3");
        assertThat(Revenue.decimal(1020866.3799999997)).isEqualByComparingTo("1020866.38");
        assertThat(Revenue.decimal(123456789012.345678)).isEqualByComparingTo("123456789012.346");
        assertThat(Revenue.decimal(0.1234567890123456789)).isEqualByComparingTo("0.123456789012346");
    }

    @Test
    void sumsOfAmountsAreExact() {
        BigDecimal sum = BigDecimal.ZERO;
        double drifting = 0;
        for (int i = 0; i < 10; i++) {
            sum = sum.add(Revenue.decimal(0.1));
            drifting += 0.1;
        }
        assertThat(sum).isEqualByComparingTo("1");
        assertThat(drifting).isNotEqualTo(1.0);
    }
}
