package io.eventlens.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Compaction leaves the rollup tables' indexes mostly empty pages; once a table's deleted rows outnumber its rows, its
 * indexes are rebuilt, once, without changing an answer. On a server of its own: the decision reads PostgreSQL's
 * server-wide count of deleted rows.
 */
class RollupIndexRebuildTests {

    private static PostgresTestServer server;

    private final ProjectId project = PostgresTestServer.newProject();

    @BeforeAll
    static void start() {
        server = PostgresTestServer.startOwn();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void indexesLeftSparseByCompactionAreRebuiltOnceWithTheSameAnswers() {
        PostgresEventStorage storage = server.storage();
        RollupIndexRebuild rebuild = new RollupIndexRebuild(server.database(), 1_000);
        Instant now = Instant.now();
        storage.write(project, List.of(event(now.minus(Duration.ofDays(5)), "first", "u0")))
                .block(); // registers it
        storage.rollups().sealer().seal(project).block();
        while (Boolean.TRUE.equals(
                storage.rollups().sealer().backfillStep(project).block())) {
            // until the rollups hold all history
        }
        long registered = rows();
        // Ten batches of the same late events (new ids): every batch appends a row for each key they touch.
        Random random = new Random(11);
        List<Event> shape = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            shape.add(event(
                    now.minus(Duration.ofDays(1 + random.nextInt(3))).minusSeconds(random.nextInt(86_400)),
                    random.nextBoolean() ? "view" : "buy",
                    "u" + random.nextInt(200)));
        }
        for (int batch = 0; batch < 10; batch++) {
            storage.write(
                            project,
                            shape.stream().map(RollupIndexRebuildTests::again).toList())
                    .block();
        }
        assertThat(rebuild.rebuildWhereDue().block()).as("writes alone").isEmpty();
        String sums = sums();

        long appended = rows() - registered;
        while (Objects.requireNonNull(
                        storage.rollups().compaction().compact(project, 100_000).block())
                .more()) {
            // until every key is one row
        }
        // Every appended row was deleted (merged into a new one); wait until PostgreSQL has counted them all.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (deleted() < appended && System.nanoTime() < deadline) {
            sleep();
        }
        assertThat(deleted()).as("deletes counted").isGreaterThanOrEqualTo(appended);
        long before = indexBytes();

        assertThat(rebuild.rebuildWhereDue().block()).contains("rollup_rows");

        assertThat(indexBytes()).as("index bytes after the rebuild").isLessThan(before / 2);
        assertThat(sums()).isEqualTo(sums);
        assertThat(rebuild.rebuildWhereDue().block()).as("right after").doesNotContain("rollup_rows");
    }

    @Test
    void anIndexLeftInvalidByARebuildThatDiedIsDropped() {
        leaveAnInvalidIndex();

        new RollupIndexRebuild(server.database(), Long.MAX_VALUE)
                .rebuildWhereDue()
                .block();

        assertThat(invalidIndexes()).isEmpty();
    }

    /** While another instance holds the rebuild lock, a check touches nothing (its rebuild's copies look invalid). */
    @Test
    void whileAnotherInstanceRebuildsACheckLeavesEverythingAlone() throws SQLException {
        leaveAnInvalidIndex();
        RollupIndexRebuild rebuild = new RollupIndexRebuild(server.database(), Long.MAX_VALUE);
        try (Connection other = DriverManager.getConnection(
                server.settings().jdbcUrl(),
                server.settings().username(),
                server.settings().password())) {
            lock(other, "pg_advisory_lock");

            rebuild.rebuildWhereDue().block();
            assertThat(invalidIndexes()).as("while locked").containsExactly("rollup_rows_key_ccnew");

            lock(other, "pg_advisory_unlock");
        }
        rebuild.rebuildWhereDue().block();
        assertThat(invalidIndexes()).as("once unlocked").isEmpty();
    }

    private static void lock(Connection connection, String function) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?, ?)")) {
            statement.setInt(1, RollupIndexRebuild.LOCK_NAMESPACE);
            statement.setInt(2, RollupIndexRebuild.LOCK_KEY);
            statement.execute();
        }
    }

    /** A unique index over duplicates fails half-way and stays behind invalid, as a killed REINDEX's copy does. */
    private void leaveAnInvalidIndex() {
        for (int row = 0; row < 2; row++) {
            server.database()
                    .query(
                            new SqlStatement(
                                    "INSERT INTO rollup_rows (rollup_id, project_id, bucket, events, revenue) "
                                            + "SELECT min(id), $1, now(), 1, 0 FROM rollups",
                                    List.of(project.value())),
                            r -> 1)
                    .blockLast();
        }
        server.database()
                .query(
                        new SqlStatement(
                                "CREATE UNIQUE INDEX CONCURRENTLY rollup_rows_key_ccnew ON rollup_rows (rollup_id)",
                                List.of()),
                        row -> 1)
                .onErrorResume(error -> Flux.empty())
                .blockLast();
        assertThat(invalidIndexes()).containsExactly("rollup_rows_key_ccnew");
    }

    private List<String> invalidIndexes() {
        return server.database()
                .query(
                        new SqlStatement(
                                "SELECT c.relname::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                                        + "WHERE i.indrelid = 'rollup_rows'::regclass AND NOT i.indisvalid",
                                List.of()),
                        row -> Objects.requireNonNull(row.get(0, String.class)))
                .collectList()
                .block();
    }

    private static Event event(Instant timestamp, String type, String user) {
        return Event.builder(UUID.randomUUID(), type, timestamp).userId(user).build();
    }

    private static Event again(Event event) {
        return Event.builder(UUID.randomUUID(), event.type(), event.timestamp())
                .userId(event.userId())
                .build();
    }

    private long rows() {
        return single("SELECT count(*) FROM rollup_rows WHERE project_id = $1", project.value());
    }

    private long deleted() {
        return single("SELECT n_tup_del FROM pg_stat_user_tables WHERE relname = 'rollup_rows'");
    }

    private long indexBytes() {
        return single("SELECT pg_indexes_size('rollup_rows')");
    }

    /** Each rollup's events per bucket and key, as reports sum them. */
    private String sums() {
        return server.database()
                .query(
                        new SqlStatement(
                                "SELECT string_agg(concat_ws(' ', rollup_id, bucket, type, user_id, n), ',' "
                                        + "ORDER BY rollup_id, bucket, type, user_id) FROM (SELECT rollup_id, bucket, "
                                        + "type, user_id, sum(events) AS n FROM rollup_rows WHERE project_id = $1 "
                                        + "GROUP BY 1, 2, 3, 4) s",
                                List.of(project.value())),
                        row -> Objects.requireNonNull(row.get(0, String.class)))
                .single()
                .block();
    }

    private long single(String sql, Object... values) {
        return Objects.requireNonNull(server.database()
                .query(new SqlStatement(sql, List.of(values)), row -> Objects.requireNonNull(row.get(0, Long.class)))
                .single()
                .block());
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
