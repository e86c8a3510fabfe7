package io.eventlens.postgres.meta;

import io.eventlens.core.ProjectId;
import io.eventlens.core.access.ApiKey;
import io.eventlens.core.access.ApiKeys;
import io.eventlens.core.access.Scope;
import io.eventlens.postgres.PostgresDatabase;
import io.eventlens.postgres.SqlParameters;
import io.eventlens.postgres.SqlStatement;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link ApiKeys} in the {@code api_keys} table: hashes and prefixes, never secrets. */
final class PostgresApiKeys implements ApiKeys {

    private static final String COLUMNS = "SELECT id, project_id, scope, name, prefix, created_at, revoked_at, "
            + "allowed_origins "
            + "FROM api_keys ";

    private final PostgresDatabase database;

    PostgresApiKeys(PostgresDatabase database) {
        this.database = database;
    }

    @Override
    public Mono<Void> add(ApiKey key, String secretHash) {
        SqlParameters p = new SqlParameters();
        SqlStatement statement = p.statement("INSERT INTO api_keys (id, project_id, scope, name, prefix, "
                + "secret_hash, created_at, allowed_origins) VALUES (" + p.text(key.id()) + ", "
                + p.text(key.project().value()) + ", " + p.text(key.scope().name()) + ", " + p.text(key.name()) + ", "
                + p.text(key.prefix()) + ", " + p.text(secretHash) + ", " + p.timestamp(key.createdAt()) + ", "
                + p.textArray(key.allowedOrigins()) + ")");
        return database.inTransaction(connection -> PostgresDatabase.update(connection, statement))
                .then();
    }

    @Override
    public Mono<ApiKey> findByHash(String secretHash) {
        SqlParameters p = new SqlParameters();
        return one(p.statement(COLUMNS + "WHERE secret_hash = " + p.text(secretHash)));
    }

    @Override
    public Mono<ApiKey> find(String id) {
        SqlParameters p = new SqlParameters();
        return one(p.statement(COLUMNS + "WHERE id = " + p.text(id)));
    }

    @Override
    public Flux<ApiKey> list(ProjectId project) {
        SqlParameters p = new SqlParameters();
        SqlStatement statement =
                p.statement(COLUMNS + "WHERE project_id = " + p.text(project.value()) + " ORDER BY created_at, id");
        return Flux.defer(() -> database.query(statement, PostgresApiKeys::key));
    }

    @Override
    public Mono<ApiKey> revoke(String id, Instant at) {
        SqlParameters p = new SqlParameters();
        SqlStatement statement = p.statement("UPDATE api_keys SET revoked_at = coalesce(revoked_at, " + p.timestamp(at)
                + ") WHERE id = " + p.text(id));
        return database.inTransaction(connection -> PostgresDatabase.update(connection, statement))
                .flatMap(count -> count > 0 ? find(id) : Mono.empty());
    }

    private Mono<ApiKey> one(SqlStatement statement) {
        return Mono.defer(() -> database.queryFirst(statement, PostgresApiKeys::key));
    }

    private static ApiKey key(Readable row) {
        OffsetDateTime revoked = row.get(6, OffsetDateTime.class);
        return new ApiKey(
                Objects.requireNonNull(row.get(0, String.class)),
                new ProjectId(Objects.requireNonNull(row.get(1, String.class))),
                Scope.valueOf(Objects.requireNonNull(row.get(2, String.class))),
                Objects.requireNonNull(row.get(3, String.class)),
                Objects.requireNonNull(row.get(4, String.class)),
                Objects.requireNonNull(row.get(5, OffsetDateTime.class)).toInstant(),
                revoked == null ? null : revoked.toInstant(),
                List.of(Objects.requireNonNull(row.get(7, String[].class))));
    }
}
