package io.eventlens.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a server may send that the test front does not: quoted 64-bit integers, non-finite floats, an error text. */
class CompactJsonAnswerTests {

    private static List<ResultRow> read(String answer) {
        return CompactJsonAnswer.read(answer.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void quotedAndBareIntegersAndDecimalsKeepEveryDigit() {
        List<ResultRow> rows = read("""
                ["n", "m", "d"]
                ["UInt64", "Nullable(Int64)", "Decimal(38, 10)"]
                ["9007199254740993", 9007199254740993, "123456789012345678.0123456789"]
                [1, null, 2]
                """);

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("n")).isEqualTo(9_007_199_254_740_993L);
        assertThat(rows.get(0).get("m")).isEqualTo(9_007_199_254_740_993L);
        assertThat(rows.get(0).get("d")).isEqualTo(new BigDecimal("123456789012345678.0123456789"));
        assertThat(rows.get(1).get("m")).isNull();
        assertThat(rows.get(1).get("d")).isEqualTo(new BigDecimal("2"));
    }

    @Test
    void nonFiniteFloatsAsTheServerQuotesThem() {
        ResultRow row = read("""
                ["a", "b", "c"]
                ["Float64", "Float64", "Float32"]
                ["nan", "-inf", "inf"]
                """).getFirst();

        assertThat((Double) row.get("a")).isNaN();
        assertThat(row.get("b")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(row.get("c")).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void anEmptyAnswerHasNoRows() {
        assertThat(read("")).isEmpty();
        assertThat(read("[\"n\"]\n[\"UInt64\"]\n")).isEmpty();
    }

    @Test
    void anErrorWrittenIntoTheAnswerIsAFailureNotARow() {
        assertThatThrownBy(() -> read("""
                        ["n"]
                        ["UInt64"]
                        [1]
                        {"exception": "Code: 241. DB::Exception: Memory limit exceeded"}
                        """)).isInstanceOf(ClickHouseServerException.class);
    }

    @Test
    void aColumnTheAnswerLacksIsNamed() {
        ResultRow row = read("[\"n\"]\n[\"UInt8\"]\n[1]\n").getFirst();

        assertThatThrownBy(() -> row.get("m")).hasMessageContaining("no column m");
    }
}
