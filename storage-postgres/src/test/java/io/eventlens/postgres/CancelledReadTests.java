package io.eventlens.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/**
 * A read whose subscriber goes away (a timeout, a client that disconnected) stops in PostgreSQL within a second,
 * instead of running to its end on a connection nobody reads; the connection then serves the next read.
 */
class CancelledReadTests {

    private final PostgresDatabase database = PostgresTestServer.shared().database();

    @Test
    void anAbandonedReadIsGoneFromThePostgresqlActivityWithinASecond() throws InterruptedException {
        String marker = "abandoned-" + System.nanoTime();
        Disposable read = database.query(new SqlStatement("SELECT pg_sleep(60), $1::text", List.of(marker)),
                row -> 1).subscribe();
        awaitRunning(marker, true, Duration.ofSeconds(10));

        long cancelled = System.nanoTime();
        read.dispose();
        awaitRunning(marker, false, Duration.ofSeconds(1));
        assertThat(Duration.ofNanos(System.nanoTime() - cancelled)).isLessThan(Duration.ofSeconds(1));

        // The pool's connections all still answer.
        for (int i = 0; i < 12; i++) {
            StepVerifier.create(database.query(new SqlStatement("SELECT 1", List.of()), row -> row.get(0)))
                    .expectNextCount(1).verifyComplete();
        }
    }

    private void awaitRunning(String marker, boolean expected, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (running(marker) != expected) {
            assertThat(System.nanoTime()).as("the read %s running within %s", expected ? "is" : "stopped", within)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private boolean running(String marker) {
        return Objects.requireNonNull(database.query(new SqlStatement("SELECT count(*) FROM pg_stat_activity "
                        + "WHERE state = 'active' AND query LIKE 'SELECT pg_sleep(60)%'", List.of()),
                row -> Objects.requireNonNull(row.get(0, Long.class))).blockFirst()) > 0;
    }
}
