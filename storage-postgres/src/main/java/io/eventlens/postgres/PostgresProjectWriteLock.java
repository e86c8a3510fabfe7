package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.core.storage.ProjectWriteLock;
import java.util.List;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * A project's write lock across instances as a transaction-scoped advisory lock in the metadata PostgreSQL every
 * instance shares: held on one pooled connection while the work runs, released by the commit or rollback that ends
 * it, or by PostgreSQL when the holder's session dies, so a crashed instance never leaves it taken.
 */
final class PostgresProjectWriteLock implements ProjectWriteLock {

    /** A namespace of its own: apart from the rollup locks of the PostgreSQL engine (RollupStatements). */
    private static final int LOCK_NAMESPACE = 0x63687772;

    private final PostgresDatabase database;

    PostgresProjectWriteLock(PostgresDatabase database) {
        this.database = database;
    }

    @Override
    public <T> Mono<T> holding(ProjectId project, Supplier<Mono<T>> work) {
        SqlStatement lock = new SqlStatement(
                "SELECT pg_advisory_xact_lock($1, hashtext($2))::text", List.of(LOCK_NAMESPACE, project.value()));
        return database.inTransaction(connection ->
                PostgresDatabase.query(connection, lock, row -> true).then(Mono.defer(work)));
    }
}
