package io.eventlens.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine's HTTP path to ClickHouse: values sent as query parameters arrive unchanged whatever characters they
 * hold, and each ClickHouse type comes back as the Java value the engine reads it as.
 */
class ClickHouseDatabaseTests {

    private static ClickHouseDatabase database;

    @BeforeAll
    static void connect() {
        database = new ClickHouseDatabase(ClickHouseTestServer.shared().settings());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private static List<ResultRow> rows(String sql, String... values) {
        List<ResultRow> rows = database.query(new SqlStatement(sql, List.of(values)), row -> row)
                .collectList()
                .block();
        assertThat(rows).isNotNull();
        return rows;
    }

    @Test
    void parameterValuesArriveUnchanged() {
        List<String> values = List.of(
                "",
                "plain",
                "it's \"quoted\"",
                "back\\slash \\n \\t \\\\",
                "tab\there, line\nbreak, return\r",
                "{p1:String} :p0 ? %s %20 + & = # /",
                "ünïcødé 日本語 🎉",
                "x".repeat(100_000));
        for (String value : values) {
            ResultRow row = rows("SELECT {p0:String} AS v, length({p0:String}) AS n", value)
                    .getFirst();

            assertThat(row.get("v", String.class)).isEqualTo(value);
            assertThat(row.get("n", Long.class)).isEqualTo(value.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void eachTypeIsReadAsItsJavaValue() {
        UUID id = UUID.randomUUID();
        ResultRow row = rows(
                        "SELECT toUInt64('18446744073709551615') AS big, toInt64(-5) AS small, "
                                + "toDecimal64('12345678.91', 2) AS money, toFloat64(0.1) AS ratio, "
                                + "toDateTime64('2026-12-07 05:00:00.123456', 6, 'UTC') AS at, "
                                + "toDateTime('2026-12-07 05:00:00', 'Europe/Berlin') AS local, "
                                + "toDate('2026-12-07') AS day, CAST(NULL AS Nullable(String)) AS nothing, "
                                + "[1.5, 2.5] AS list, tuple(toInt32(1), 'a') AS pair, map('k', 'v') AS props, "
                                + "toUUID({p0:String}) AS id, toLowCardinality('low') AS low",
                        id.toString())
                .getFirst();

        assertThat(row.get("big")).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(row.get("small")).isEqualTo(-5L);
        assertThat(row.get("money")).isEqualTo(new BigDecimal("12345678.91"));
        assertThat(row.get("ratio")).isEqualTo(0.1);
        assertThat(row.get("at")).isEqualTo(OffsetDateTime.of(2026, 12, 7, 5, 0, 0, 123_456_000, ZoneOffset.UTC));
        assertThat(row.get("local")).isEqualTo(OffsetDateTime.of(2026, 12, 7, 5, 0, 0, 0, ZoneOffset.ofHours(1)));
        assertThat(((OffsetDateTime) row.get("local")).toInstant())
                .isEqualTo(java.time.LocalDateTime.of(2026, 12, 7, 5, 0)
                        .atZone(ZoneId.of("Europe/Berlin"))
                        .toInstant());
        assertThat(row.get("day")).isEqualTo(LocalDate.of(2026, 12, 7));
        assertThat(row.get("nothing")).isNull();
        assertThat(row.get("list")).isEqualTo(List.of(1.5, 2.5));
        assertThat(row.get("pair")).isEqualTo(List.of(1L, "a"));
        assertThat(row.get("props")).isEqualTo(Map.of("k", "v"));
        assertThat(row.get("id", UUID.class)).isEqualTo(id);
        assertThat(row.get("low", String.class)).isEqualTo("low");
        assertThat(row.get("small", Double.class)).isEqualTo(-5.0);
        assertThat(row.get("money", String.class)).isEqualTo("12345678.91");
    }

    @Test
    void aLargeAnswerArrivesWhole() {
        int count = 200_000;
        List<Long> numbers = new ArrayList<>(count);
        database.query(
                        new SqlStatement(
                                "SELECT number AS n FROM numbers(toUInt64({p0:String}))",
                                List.of(Integer.toString(count))),
                        row -> row.get("n", Long.class))
                .doOnNext(numbers::add)
                .blockLast();

        assertThat(numbers).hasSize(count);
        assertThat(numbers.getLast()).isEqualTo(count - 1L);
        assertThat(numbers.stream().mapToLong(Long::longValue).sum()).isEqualTo((long) count * (count - 1) / 2);
    }
}
