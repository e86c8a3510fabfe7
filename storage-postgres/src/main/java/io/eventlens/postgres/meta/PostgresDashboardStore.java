package io.eventlens.postgres.meta;

import io.eventlens.core.ProjectId;
import io.eventlens.core.dashboard.Dashboard;
import io.eventlens.core.dashboard.DashboardStore;
import io.eventlens.postgres.PostgresDatabase;
import io.eventlens.postgres.SqlParameters;
import io.eventlens.postgres.SqlStatement;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link DashboardStore} in the {@code dashboards} table; used whichever engine holds the events. */
final class PostgresDashboardStore implements DashboardStore {

    private static final String COLUMNS = "SELECT id, name, panel_titles, panel_views, updated_at FROM dashboards ";

    private final PostgresDatabase database;

    PostgresDashboardStore(PostgresDatabase database) {
        this.database = database;
    }

    @Override
    public Flux<Dashboard> list(ProjectId project) {
        SqlParameters p = new SqlParameters();
        SqlStatement statement =
                p.statement(COLUMNS + "WHERE project_id = " + p.text(project.value()) + " ORDER BY name, id");
        return Flux.defer(() -> database.query(statement, PostgresDashboardStore::dashboard));
    }

    @Override
    public Mono<Dashboard> find(ProjectId project, String id) {
        SqlParameters p = new SqlParameters();
        SqlStatement statement =
                p.statement(COLUMNS + "WHERE project_id = " + p.text(project.value()) + " AND id = " + p.text(id));
        return Mono.defer(() -> database.queryFirst(statement, PostgresDashboardStore::dashboard));
    }

    @Override
    public Mono<Void> save(ProjectId project, Dashboard dashboard) {
        SqlParameters p = new SqlParameters();
        SqlStatement statement = p.statement("INSERT INTO dashboards (project_id, id, name, panel_titles, "
                + "panel_views, updated_at) VALUES (" + p.text(project.value()) + ", " + p.text(dashboard.id())
                + ", " + p.text(dashboard.name()) + ", "
                + p.textArray(
                        dashboard.panels().stream().map(Dashboard.Panel::title).toList()) + ", "
                + p.textArray(
                        dashboard.panels().stream().map(Dashboard.Panel::view).toList()) + ", "
                + p.timestamp(dashboard.updatedAt()) + ") ON CONFLICT (project_id, id) DO UPDATE "
                + "SET name = excluded.name, panel_titles = excluded.panel_titles, "
                + "panel_views = excluded.panel_views, updated_at = excluded.updated_at");
        return database.inTransaction(connection -> PostgresDatabase.update(connection, statement))
                .then();
    }

    @Override
    public Mono<Boolean> remove(ProjectId project, String id) {
        SqlParameters p = new SqlParameters();
        SqlStatement statement = p.statement(
                "DELETE FROM dashboards WHERE project_id = " + p.text(project.value()) + " AND id = " + p.text(id));
        return database.inTransaction(connection -> PostgresDatabase.update(connection, statement))
                .map(count -> count > 0);
    }

    private static Dashboard dashboard(Readable row) {
        String[] titles = Objects.requireNonNull(row.get(2, String[].class));
        String[] views = Objects.requireNonNull(row.get(3, String[].class));
        List<Dashboard.Panel> panels = new ArrayList<>();
        for (int i = 0; i < titles.length; i++) {
            panels.add(new Dashboard.Panel(titles[i], views[i]));
        }
        return new Dashboard(
                Objects.requireNonNull(row.get(0, String.class)),
                Objects.requireNonNull(row.get(1, String.class)),
                panels,
                Objects.requireNonNull(row.get(4, OffsetDateTime.class)).toInstant());
    }
}
