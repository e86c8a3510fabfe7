package io.eventlens.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A timestamp copied in binary is the value PostgreSQL makes of the same instant's text, nanoseconds and all: a
 * query bound to an instant (as text) must compare equal with the event written at that instant.
 */
class EventCopyTests {

    private final PostgresTestServer server = PostgresTestServer.shared();

    @Test
    void binaryTimestampsRoundAsPostgresReadsTheirText() {
        Random random = new Random(20261206);
        List<Instant> instants = new ArrayList<>(List.of(Instant.parse("2026-12-06T00:00:00.000000500Z"),
                Instant.parse("2026-12-06T00:00:00.000001500Z"), Instant.parse("2026-12-06T00:00:00.999999500Z"),
                Instant.parse("1999-12-31T23:59:59.999999999Z"), Instant.parse("2000-01-01T00:00:00Z")));
        for (int i = 0; i < 300; i++) {
            instants.add(Instant.ofEpochSecond(1_500_000_000L + random.nextInt(400_000_000), random.nextInt(1_000)
                    * 1_000_000L + random.nextInt(1_000) * 1_000L + (i % 3 == 0 ? 500 : random.nextInt(1_000))));
        }
        String[] texts = instants.stream().map(Instant::toString).toArray(String[]::new);

        List<Long> postgres = server.database().query(new SqlStatement("""
                        SELECT ((extract(epoch FROM t) - 946684800) * 1000000)::bigint
                        FROM unnest($1::timestamptz[]) WITH ORDINALITY AS u(t, n) ORDER BY n""", List.of((Object) texts)),
                row -> row.get(0, Long.class)).collectList().block();

        assertThat(instants.stream().map(EventCopy::micros).toList()).isEqualTo(postgres);
    }
}
