package io.eventlens.graphql;

import io.eventlens.core.dashboard.Dashboard;
import io.eventlens.core.dashboard.DashboardStore;
import io.eventlens.core.dashboard.Dashboards;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Answers the saved-dashboard queries and mutations of the project. */
@Controller
final class DashboardController {

    private final DashboardStore store;
    private final Dashboards dashboards;
    private final CurrentProject project;

    DashboardController(DashboardStore store, Dashboards dashboards, CurrentProject project) {
        this.store = store;
        this.dashboards = dashboards;
        this.project = project;
    }

    @QueryMapping
    Flux<Dashboard> dashboards() {
        return project.get().flatMapMany(store::list);
    }

    @QueryMapping
    Mono<Dashboard> dashboard(@Argument String id) {
        return project.get().flatMap(p -> store.find(p, id));
    }

    @MutationMapping
    Mono<Dashboard> saveDashboard(@Argument DashboardInput input) {
        return project.get().flatMap(p -> dashboards.save(p, input.toDraft()));
    }

    @MutationMapping
    Mono<Boolean> removeDashboard(@Argument String id) {
        return project.get().flatMap(p -> store.remove(p, id));
    }

    /** The DateTime scalar writes offset date-times; the core keeps instants. */
    @SchemaMapping(typeName = "Dashboard", field = "updatedAt")
    OffsetDateTime updatedAt(Dashboard dashboard) {
        return OffsetDateTime.ofInstant(dashboard.updatedAt(), ZoneOffset.UTC);
    }

    /** The {@code DashboardInput} argument as bound by Spring GraphQL. */
    record DashboardInput(@Nullable String id, String name, List<PanelInput> panels) {

        Dashboards.Draft toDraft() {
            return new Dashboards.Draft(
                    id,
                    name,
                    panels.stream()
                            .map(panel -> new Dashboard.Panel(panel.title(), panel.view()))
                            .toList());
        }
    }

    /** The {@code DashboardPanelInput} argument. */
    record PanelInput(String title, String view) {}
}
