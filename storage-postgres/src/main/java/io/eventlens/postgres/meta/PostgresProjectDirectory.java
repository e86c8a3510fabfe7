package io.eventlens.postgres.meta;

import io.eventlens.core.ProjectId;
import io.eventlens.core.access.Project;
import io.eventlens.core.access.ProjectDirectory;
import io.eventlens.core.access.ProjectLimits;
import io.eventlens.postgres.PostgresDatabase;
import io.eventlens.postgres.SqlParameters;
import io.eventlens.postgres.SqlStatement;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link ProjectDirectory} in the {@code projects} table; used whichever engine holds the events. */
final class PostgresProjectDirectory implements ProjectDirectory {

    private static final String COLUMNS = "SELECT id, name, ingest_events_per_second, queries_per_second, "
            + "concurrent_subscriptions, created_at FROM projects ";

    private final PostgresDatabase database;

    PostgresProjectDirectory(PostgresDatabase database) {
        this.database = database;
    }

    @Override
    public Mono<Project> find(ProjectId id) {
        SqlParameters p = new SqlParameters();
        SqlStatement statement = p.statement(COLUMNS + "WHERE id = " + p.text(id.value()));
        return Mono.defer(() -> database.queryFirst(statement, PostgresProjectDirectory::project));
    }

    @Override
    public Flux<Project> list() {
        SqlStatement statement = new SqlParameters().statement(COLUMNS + "ORDER BY id");
        return Flux.defer(() -> database.query(statement, PostgresProjectDirectory::project));
    }

    @Override
    public Mono<Boolean> create(Project project) {
        SqlParameters p = new SqlParameters();
        SqlStatement statement = p.statement("INSERT INTO projects (id, name, ingest_events_per_second, "
                + "queries_per_second, concurrent_subscriptions, created_at) VALUES ("
                + p.text(project.id().value())
                + ", " + p.text(project.name()) + ", " + limits(p, project.limits()) + ", "
                + p.timestamp(project.createdAt()) + ") ON CONFLICT (id) DO NOTHING");
        return database.inTransaction(connection -> PostgresDatabase.update(connection, statement))
                .map(count -> count > 0);
    }

    @Override
    public Mono<Boolean> limit(ProjectId id, ProjectLimits limits) {
        SqlParameters p = new SqlParameters();
        SqlStatement statement = p.statement("UPDATE projects SET (ingest_events_per_second, queries_per_second, "
                + "concurrent_subscriptions) = (" + limits(p, limits) + ") WHERE id = " + p.text(id.value()));
        return database.inTransaction(connection -> PostgresDatabase.update(connection, statement))
                .map(count -> count > 0);
    }

    /** The three limits as placeholders; a default (null) travels as 0, which no limit may be. */
    private static String limits(SqlParameters p, ProjectLimits limits) {
        return optional(p, limits.ingestEventsPerSecond()) + ", " + optional(p, limits.queriesPerSecond()) + ", "
                + optional(p, limits.concurrentSubscriptions());
    }

    private static String optional(SqlParameters p, @Nullable Integer value) {
        return "NULLIF(" + p.integer(value == null ? 0 : value) + ", 0)";
    }

    private static Project project(Readable row) {
        return new Project(
                new ProjectId(Objects.requireNonNull(row.get(0, String.class))),
                Objects.requireNonNull(row.get(1, String.class)),
                new ProjectLimits(row.get(2, Integer.class), row.get(3, Integer.class), row.get(4, Integer.class)),
                Objects.requireNonNull(row.get(5, OffsetDateTime.class)).toInstant());
    }
}
