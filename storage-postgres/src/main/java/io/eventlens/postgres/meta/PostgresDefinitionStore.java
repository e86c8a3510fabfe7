package io.eventlens.postgres.meta;

import io.eventlens.core.ProjectId;
import io.eventlens.core.definition.Definition;
import io.eventlens.core.definition.DefinitionStore;
import io.eventlens.postgres.PostgresDatabase;
import io.eventlens.postgres.SqlParameters;
import io.eventlens.postgres.SqlStatement;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link DefinitionStore} in the {@code definitions} table; used whichever engine holds the events. */
final class PostgresDefinitionStore implements DefinitionStore {

    private final PostgresDatabase database;

    PostgresDefinitionStore(PostgresDatabase database) {
        this.database = database;
    }

    @Override
    public Flux<Definition> list(ProjectId project) {
        SqlParameters p = new SqlParameters();
        SqlStatement statement = p.statement("SELECT kind, name, expression, description, unit, dependencies "
                + "FROM definitions WHERE project_id = " + p.text(project.value()) + " ORDER BY name COLLATE \"C\"");
        return Flux.defer(() -> database.query(
                statement,
                row -> new Definition(
                        Definition.Kind.valueOf(java.util.Objects.requireNonNull(row.get(0, String.class))),
                        java.util.Objects.requireNonNull(row.get(1, String.class)),
                        java.util.Objects.requireNonNull(row.get(2, String.class)),
                        java.util.Objects.requireNonNull(row.get(3, String.class)),
                        row.get(4, String.class),
                        Set.of(java.util.Objects.requireNonNull(row.get(5, String[].class))))));
    }

    @Override
    public Mono<Void> save(ProjectId project, Definition definition) {
        SqlParameters p = new SqlParameters();
        SqlStatement statement = p.statement("INSERT INTO definitions (project_id, name, kind, expression, "
                + "description, unit, dependencies) VALUES (" + p.text(project.value()) + ", "
                + p.text(definition.name()) + ", " + p.text(definition.kind().name()) + ", "
                + p.text(definition.expression()) + ", " + p.text(definition.description()) + ", "
                + (definition.unit() == null ? "NULL" : p.text(definition.unit())) + ", "
                + p.textArray(List.copyOf(definition.dependencies())) + ") ON CONFLICT (project_id, name) DO UPDATE "
                + "SET kind = excluded.kind, expression = excluded.expression, description = excluded.description, "
                + "unit = excluded.unit, dependencies = excluded.dependencies, updated_at = now()");
        return database.inTransaction(connection -> PostgresDatabase.update(connection, statement))
                .then();
    }

    @Override
    public Mono<Boolean> remove(ProjectId project, Definition.Kind kind, String name) {
        SqlParameters p = new SqlParameters();
        SqlStatement statement = p.statement("DELETE FROM definitions WHERE project_id = " + p.text(project.value())
                + " AND kind = " + p.text(kind.name()) + " AND name = " + p.text(name));
        return database.inTransaction(connection -> PostgresDatabase.update(connection, statement))
                .map(count -> count > 0);
    }
}
