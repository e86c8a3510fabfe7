package io.eventlens.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A seal aggregates its slice before taking the project's lock; under the lock it must notice when the slice changed
 * meanwhile (a writer committed events into it), and the rollups must end up holding exactly the raw events either way.
 */
class PreparedSealTests {

    private final PostgresTestServer server = PostgresTestServer.shared();
    private final PostgresEventStorage storage = server.storage();
    private final PostgresDatabase database = server.database();
    private final ProjectId project = PostgresTestServer.newProject();

    @Test
    void aSliceThatGainedEventsAfterItWasPreparedIsNoLongerCurrentAndTheSealStaysExact() {
        storage.write(project, List.of(event(Instant.now().minus(Duration.ofHours(2)))))
                .block(); // registers it
        storage.rollups().sealer().seal(project).block(); // rollups hold events from here on
        Instant watermark = watermark();
        Instant to = watermark.plusMillis(100);
        storage.write(
                        project,
                        IntStream.range(0, 40)
                                .mapToObj(i -> event(watermark.plusMillis(1 + i)))
                                .toList())
                .block();

        PreparedSeal prepared = PreparedSeal.prepare(database, project, to).block();
        assertThat(prepared).isNotNull();
        assertThat(current(prepared, watermark)).isTrue();
        assertThat(current(prepared, watermark.minusMillis(1)))
                .as("another watermark")
                .isFalse();

        storage.write(project, List.of(event(watermark.plusMillis(50)))).block(); // commits into the slice
        assertThat(current(prepared, watermark)).isFalse();

        // Sealing with what was prepared writes its rows, finds the slice changed under the lock and rolls back.
        assertThat(storage.rollups()
                        .sealer()
                        .sealPrepared(project, to, prepared)
                        .block())
                .isFalse();
        assertThat(rolledUpEvents()).isZero();
        assertThat(watermark()).isEqualTo(watermark);

        PreparedSeal again = PreparedSeal.prepare(database, project, to).block();
        assertThat(storage.rollups()
                        .sealer()
                        .sealPrepared(project, to, Objects.requireNonNull(again))
                        .block())
                .isTrue();
        assertThat(rolledUpEvents()).isEqualTo(rawEventsFrom(watermark)).isEqualTo(41);
        assertThat(watermark()).isEqualTo(to);
    }

    private boolean current(PreparedSeal prepared, Instant watermark) {
        return Boolean.TRUE.equals(
                database.inTransaction(connection -> prepared.stillCurrent(connection, project, watermark))
                        .block());
    }

    private Instant watermark() {
        return Objects.requireNonNull(database.query(
                        new SqlStatement(
                                "SELECT watermark FROM rollup_watermarks WHERE project_id = $1",
                                List.of(project.value())),
                        row -> Objects.requireNonNull(row.get(0, OffsetDateTime.class))
                                .toInstant())
                .blockFirst());
    }

    /** Events the finest built-in rollup by type holds (its coverage starts at the first seal). */
    private long rolledUpEvents() {
        return Objects.requireNonNull(database.query(
                        new SqlStatement(
                                "SELECT coalesce(sum(r.events), 0) "
                                        + "FROM rollup_rows r JOIN rollups d ON d.id = r.rollup_id WHERE d.name = 'type_15m' "
                                        + "AND r.project_id = $1",
                                List.of(project.value())),
                        row -> Objects.requireNonNull(row.get(0, Number.class)).longValue())
                .blockFirst());
    }

    private long rawEventsFrom(Instant watermark) {
        return Objects.requireNonNull(database.query(
                        new SqlStatement(
                                "SELECT count(*) FROM events WHERE " + "project_id = $1 AND ts >= $2",
                                List.of(
                                        project.value(),
                                        OffsetDateTime.ofInstant(watermark, java.time.ZoneOffset.UTC))),
                        row -> Objects.requireNonNull(row.get(0, Long.class)))
                .blockFirst());
    }

    private static Event event(Instant timestamp) {
        return Event.builder(UUID.randomUUID(), "sealed", timestamp)
                .userId("u")
                .revenue(1.0)
                .build();
    }
}
