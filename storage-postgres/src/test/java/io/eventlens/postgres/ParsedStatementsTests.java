package io.eventlens.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A report statement's text is tokenized once per connection, and run again on that connection with other values it
 * answers for those values: a kept statement is bound afresh each time, also after a run abandoned half-way, and texts
 * beyond what a connection keeps are made again.
 */
class ParsedStatementsTests {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SUM = "SELECT sum(x)::bigint FROM generate_series($1::int, $2::int) AS x";

    /** One connection, so every run below goes to the same one. */
    private final ConnectionPool oneConnection = new ConnectionPool(ConnectionPoolConfiguration.builder(
                    PostgresTestServer.shared().pool().unwrap())
            .initialSize(1)
            .maxSize(1)
            .build());

    private final PostgresDatabase database = new PostgresDatabase(oneConnection, oneConnection);

    @AfterEach
    void closePool() {
        oneConnection.dispose();
    }

    @Test
    void theSameTextWithOtherValuesAnswersForThoseValues() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int run = 0; run < 20; run++) {
            int from = random.nextInt(-1000, 1000);
            int to = from + random.nextInt(0, 500);
            long expected = 0;
            for (int x = from; x <= to; x++) {
                expected += x;
            }
            assertThat(sum(from, to)).as("sum of %d..%d", from, to).isEqualTo(expected);
        }
        assertThat(database.reportStatementsMade())
                .as("statements made for one text")
                .isEqualTo(1);
    }

    @Test
    void aRunAbandonedHalfWayLeavesNothingBehindForTheNext() {
        String rows = "SELECT x FROM generate_series($1::int, $2::int) AS x";
        List<Integer> firstTwo = database.queryOverRollups(
                        new SqlStatement(rows, List.of(1, 100_000)), row -> row.get(0, Integer.class))
                .take(2)
                .collectList()
                .block(WAIT);
        assertThat(firstTwo).containsExactly(1, 2);

        List<Integer> all = database.queryOverRollups(
                        new SqlStatement(rows, List.of(7, 9)), row -> row.get(0, Integer.class))
                .collectList()
                .block(WAIT);
        assertThat(all).containsExactly(7, 8, 9);
    }

    @Test
    void moreTextsThanAConnectionKeepsStillAnswerEach() {
        List<Long> answers = new ArrayList<>();
        List<Long> expected = new ArrayList<>();
        for (int text = 0; text < 80; text++) {
            // A different constant makes a different text.
            String sql = "SELECT $1::bigint + " + text;
            answers.add(one(sql, 1000L));
            expected.add(1000L + text);
        }
        for (int text = 0; text < 12; text++) {
            answers.add(one("SELECT $1::bigint + " + text, -5L));
            expected.add(-5L + text);
        }
        assertThat(answers).isEqualTo(expected);
        // 80 texts, of which the last 32 are kept; then the first 12 again, dropped by then and made anew.
        assertThat(database.reportStatementsMade()).isEqualTo(80 + 12);
    }

    private long sum(int from, int to) {
        return one(SUM, from, to);
    }

    private long one(String sql, Object... values) {
        return database.queryOverRollups(new SqlStatement(sql, List.of(values)), row -> row.get(0, Long.class))
                .single()
                .block(WAIT);
    }
}
