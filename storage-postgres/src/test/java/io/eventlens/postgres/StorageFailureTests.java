package io.eventlens.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.OverviewQuery;
import io.eventlens.core.storage.StorageUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/**
 * Failures of the database surface as {@link StorageUnavailableException} without SQL in the message (an unreachable
 * server: {@code StorageFailureContract}, on every engine).
 */
class StorageFailureTests {

    @Test
    void aServerOutOfResourcesSaysWhatToDoAndOtherFailuresNameTheirState() {
        Throwable full = StorageFailures.translate(
                new io.r2dbc.spi.R2dbcTransientResourceException("could not extend file", "53100"));
        Throwable other = StorageFailures.translate(
                new io.r2dbc.spi.R2dbcNonTransientResourceException("duplicate key", "23505"));

        assertThat(full)
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("SQLSTATE 53100")
                .hasMessageContaining("disk holding PostgreSQL's data is full");
        assertThat(other).hasMessage("PostgreSQL storage failed (SQLSTATE 23505)");
    }

    @Test
    void aFailingStatementDoesNotLeakItsSql() {
        PostgresDatabase database = PostgresTestServer.shared().database();
        database.query(new SqlStatement("SELECT secret_column FROM no_such_table WHERE x = $1", List.of("v")), row -> 1)
                .as(StepVerifier::create)
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(StorageUnavailableException.class)
                        .hasMessageNotContaining("no_such_table")
                        .hasMessageNotContaining("SELECT"))
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void aFailedWriteRollsBackEveryChunk() {
        PostgresTestServer server = PostgresTestServer.shared();
        ProjectId project = PostgresTestServer.newProject();
        EventBatchWriter writer = new EventBatchWriter(
                server.database(),
                server.partitions(),
                JsonMapper.builder().build(),
                10,
                new RollupDeltas(new RollupSealer(server.database())));
        Instant ts = Instant.parse("2025-07-01T00:00:00Z");
        List<Event> events = new java.util.ArrayList<>();
        for (int i = 0; i < 35; i++) {
            events.add(Event.builder(UUID.randomUUID(), "t", ts.plusSeconds(i)).build());
        }
        // A NUL character is valid Java text but PostgreSQL text cannot hold it: so one of the four chunks fails after
        // others succeeded.
        Event last = events.remove(events.size() - 1);
        events.add(Event.builder(last.id(), "bad\u0000type", last.timestamp()).build());
        writer.write(project, events)
                .as(StepVerifier::create)
                .expectError(StorageUnavailableException.class)
                .verify(Duration.ofSeconds(30));
        server.storage()
                .overview(new OverviewQuery(project, null, null, ts))
                .as(StepVerifier::create)
                .assertNext(overview -> assertThat(overview.events()).isZero())
                .verifyComplete();
        // Nothing was claimed either: the same ids store fine once the bad one is fixed.
        events.set(events.size() - 1, last);
        writer.write(project, events)
                .as(StepVerifier::create)
                .expectNext(new io.eventlens.core.storage.WriteResult(35, 0))
                .verifyComplete();
    }
}
