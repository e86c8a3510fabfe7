package io.eventlens.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Values copied in binary are the values PostgreSQL makes of the same text: a timestamp with nanoseconds rounds as a
 * query bound to that instant rounds, a numeric keeps its value and scale.
 */
class CopyRowsTests {

    private final PostgresTestServer server = PostgresTestServer.shared();

    @Test
    void binaryTimestampsRoundAsPostgresReadsTheirText() {
        Random random = new Random(20261206);
        List<Instant> instants = new ArrayList<>(List.of(
                Instant.parse("2026-12-06T00:00:00.000000500Z"),
                Instant.parse("2026-12-06T00:00:00.000001500Z"),
                Instant.parse("2026-12-06T00:00:00.999999500Z"),
                Instant.parse("1999-12-31T23:59:59.999999999Z"),
                Instant.parse("2000-01-01T00:00:00Z")));
        for (int i = 0; i < 300; i++) {
            instants.add(Instant.ofEpochSecond(
                    1_500_000_000L + random.nextInt(400_000_000),
                    random.nextInt(1_000) * 1_000_000L
                            + random.nextInt(1_000) * 1_000L
                            + (i % 3 == 0 ? 500 : random.nextInt(1_000))));
        }
        String[] texts = instants.stream().map(Instant::toString).toArray(String[]::new);

        List<Long> postgres = server.database()
                .query(new SqlStatement("""
                        SELECT ((extract(epoch FROM t) - 946684800) * 1000000)::bigint
                        FROM unnest($1::timestamptz[]) WITH ORDINALITY AS u(t, n) ORDER BY n""", List.of((Object) texts)), row -> row.get(0, Long.class))
                .collectList()
                .block();

        assertThat(instants.stream().map(CopyRows.Builder::micros).toList()).isEqualTo(postgres);
    }

    @Test
    void numericsKeepTheirValueAndScale() {
        Random random = new Random(61206);
        List<BigDecimal> values = new ArrayList<>(List.of(
                BigDecimal.ZERO,
                new BigDecimal("0.00"),
                new BigDecimal("1E+3"),
                new BigDecimal("-0.0001"),
                new BigDecimal("12.5"),
                new BigDecimal("123456.78"),
                new BigDecimal("99999999999999999999.123456789012345"),
                new BigDecimal("-10000"),
                new BigDecimal("0.000000001")));
        for (int i = 0; i < 500; i++) {
            values.add(BigDecimal.valueOf(random.nextLong() >> random.nextInt(60), random.nextInt(20) - 3));
        }
        CopyRows.Builder rows = new CopyRows.Builder(values.size() * 32);
        for (int i = 0; i < values.size(); i++) {
            rows.row(2).int4(i).numeric(values.get(i));
        }
        CopyRows copy = rows.rows("COPY copied (n, value) FROM STDIN (FORMAT binary)");

        List<String> stored = server.database()
                .inTransaction(connection -> PostgresDatabase.update(
                                connection,
                                new SqlStatement(
                                        "CREATE TEMP TABLE copied (n int, value numeric) ON COMMIT DROP", List.of()))
                        .then(PostgresDatabase.write(connection, copy))
                        .thenMany(PostgresDatabase.query(
                                connection,
                                new SqlStatement("SELECT value::text FROM copied ORDER BY n", List.of()),
                                row -> row.get(0, String.class)))
                        .collectList())
                .block();

        assertThat(stored)
                .isEqualTo(values.stream()
                        .map(value -> value.scale() < 0 ? value.setScale(0) : value)
                        .map(BigDecimal::toPlainString)
                        .toList());
    }
}
