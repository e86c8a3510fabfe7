package io.eventlens.graphql;

import io.eventlens.core.access.ApiKey;
import io.eventlens.core.access.Caller;
import io.eventlens.core.access.IssuedKey;
import io.eventlens.core.access.KeyAdministration;
import io.eventlens.core.access.Project;
import io.eventlens.core.access.ProjectLimits;
import io.eventlens.core.access.Scope;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Answers project and key management; who may do what is decided by {@link KeyAdministration}. */
@Controller
final class AccessController {

    private final KeyAdministration administration;

    AccessController(KeyAdministration administration) {
        this.administration = administration;
    }

    @QueryMapping
    Flux<Project> projects() {
        return Caller.current().flatMapMany(administration::projects);
    }

    @QueryMapping
    Flux<ApiKey> listApiKeys(@Argument @Nullable String project) {
        return Caller.current().flatMapMany(caller -> administration.listKeys(caller, project));
    }

    @MutationMapping
    Mono<Project> createProject(@Argument Map<String, Object> input) {
        return Caller.current()
                .flatMap(caller -> administration.createProject(
                        caller,
                        String.valueOf(input.get("id")),
                        String.valueOf(input.get("name")),
                        limits(input.get("limits"))));
    }

    @MutationMapping
    Mono<IssuedKey> createApiKey(@Argument Map<String, Object> input) {
        @SuppressWarnings("unchecked")
        List<String> origins = input.get("allowedOrigins") instanceof List<?> list ? (List<String>) list : List.of();
        return Caller.current()
                .flatMap(caller -> administration.createKey(
                        caller,
                        (String) input.get("project"),
                        Scope.valueOf(String.valueOf(input.get("scope"))),
                        (String) input.get("name"),
                        origins));
    }

    @MutationMapping
    Mono<ApiKey> revokeApiKey(@Argument String id) {
        return Caller.current().flatMap(caller -> administration.revokeKey(caller, id));
    }

    @MutationMapping
    Mono<Project> setProjectLimits(@Argument @Nullable String project, @Argument Map<String, Object> limits) {
        return Caller.current().flatMap(caller -> administration.limit(caller, project, limits(limits)));
    }

    @SchemaMapping(typeName = "Project", field = "id")
    String id(Project project) {
        return project.id().value();
    }

    @SchemaMapping(typeName = "Project", field = "createdAt")
    OffsetDateTime createdAt(Project project) {
        return utc(project.createdAt());
    }

    @SchemaMapping(typeName = "ApiKey", field = "project")
    String project(ApiKey key) {
        return key.project().value();
    }

    @SchemaMapping(typeName = "ApiKey", field = "createdAt")
    OffsetDateTime createdAt(ApiKey key) {
        return utc(key.createdAt());
    }

    @SchemaMapping(typeName = "ApiKey", field = "revokedAt")
    @Nullable
    OffsetDateTime revokedAt(ApiKey key) {
        return key.revokedAt() == null ? null : utc(key.revokedAt());
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static @Nullable ProjectLimits limits(@Nullable Object input) {
        return input instanceof Map<?, ?> limits ? limits(limits) : null;
    }

    private static ProjectLimits limits(Map<?, ?> limits) {
        return new ProjectLimits(
                (Integer) limits.get("ingestEventsPerSecond"), (Integer) limits.get("queriesPerSecond"), (Integer)
                        limits.get("concurrentSubscriptions"));
    }
}
