package io.eventlens.core.access;

import io.eventlens.core.ProjectId;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Manages projects and their keys on behalf of a caller: the server admin may manage any project and create projects;
 * a project's admin key only its own project. A project another key may not manage is refused as FORBIDDEN, a key
 * of another project is NOT_FOUND (its existence is not revealed).
 */
public final class KeyAdministration {

    private final ProjectDirectory projects;
    private final ApiKeys keys;
    private final Authenticator authenticator;
    private final Clock clock;

    public KeyAdministration(ProjectDirectory projects, ApiKeys keys, Authenticator authenticator, Clock clock) {
        this.projects = Objects.requireNonNull(projects, "projects");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Creates a project; only the server admin may. */
    public Mono<Project> createProject(Caller caller, String id, String name, @Nullable ProjectLimits limits) {
        return Mono.defer(() -> {
            if (!(caller instanceof Caller.ServerAdmin)) {
                throw new AccessException(
                        AccessException.Code.FORBIDDEN, "only the server admin token may create projects");
            }
            Project project = new Project(
                    projectId(id, "id"), name, limits == null ? ProjectLimits.DEFAULTS : limits, clock.instant());
            return projects.create(project).map(created -> {
                if (!created) {
                    throw new AccessException(
                            AccessException.Code.CONFLICT, "id", "id: a project `" + id + "` exists already");
                }
                return project;
            });
        });
    }

    /** The projects the caller may manage: all for the server admin, its own for a project key. */
    public Flux<Project> projects(Caller caller) {
        return switch (caller) {
            case Caller.ServerAdmin admin -> projects.list();
            case Caller.ProjectKey key -> Flux.defer(() -> projects.find(key.project(Scope.ADMIN)));
        };
    }

    /** Creates a key in the project (the caller's own when null); the answer holds the secret, shown only now. */
    public Mono<IssuedKey> createKey(Caller caller, @Nullable String project, Scope scope, @Nullable String name) {
        return createKey(caller, project, scope, name, List.of());
    }

    /**
     * Creates a key; with {@code allowedOrigins} a browser key (ingest only) that pages of those origins may use.
     * The answer holds the secret, shown only now.
     */
    public Mono<IssuedKey> createKey(
            Caller caller, @Nullable String project, Scope scope, @Nullable String name, List<String> allowedOrigins) {
        return Mono.defer(() -> {
            ProjectId target = target(caller, project);
            String secret = KeySecrets.generate(scope);
            ApiKey key = new ApiKey(
                    "key_" + KeySecrets.random(12),
                    target,
                    scope,
                    name == null ? "" : name,
                    KeySecrets.visiblePrefix(secret),
                    clock.instant(),
                    null,
                    allowedOrigins);
            return existing(target).then(keys.add(key, KeySecrets.hash(secret))).thenReturn(new IssuedKey(key, secret));
        });
    }

    /**
     * Adds a key with a given secret unless one with that secret exists: for demo keys fixed in configuration.
     * Answers whether it was added.
     */
    public Mono<Boolean> ensureKey(ProjectId project, Scope scope, String name, String secret) {
        String hash = KeySecrets.hash(secret);
        return keys.findByHash(hash)
                .map(existing -> false)
                .switchIfEmpty(Mono.defer(() -> keys.add(
                                new ApiKey(
                                        "key_" + KeySecrets.random(12),
                                        project,
                                        scope,
                                        name,
                                        KeySecrets.visiblePrefix(secret),
                                        clock.instant(),
                                        null),
                                hash)
                        .thenReturn(true)));
    }

    /** The keys of the project (the caller's own when null), without secrets. */
    public Flux<ApiKey> listKeys(Caller caller, @Nullable String project) {
        return Flux.defer(() -> {
            ProjectId target = target(caller, project);
            return existing(target).thenMany(keys.list(target));
        });
    }

    /** Revokes a key; every instance refuses it within the authenticator's memory time. */
    public Mono<ApiKey> revokeKey(Caller caller, String keyId) {
        return keys.find(keyId)
                .filter(key -> switch (caller) {
                    case Caller.ServerAdmin admin -> true;
                    case Caller.ProjectKey own -> own.project(Scope.ADMIN).equals(key.project());
                })
                .switchIfEmpty(Mono.error(() -> new AccessException(
                        AccessException.Code.NOT_FOUND, "id", "id: no key `" + keyId + "` in a project you manage")))
                .flatMap(key -> keys.revoke(key.id(), clock.instant()))
                .doOnNext(key -> authenticator.forget());
    }

    /** Sets the project's own rate limits (the caller's own project when null). */
    public Mono<Project> limit(Caller caller, @Nullable String project, ProjectLimits limits) {
        return Mono.defer(() -> {
            ProjectId target = target(caller, project);
            return projects.limit(target, limits)
                    .flatMap(found -> found ? projects.find(target) : Mono.error(notFound(target)));
        });
    }

    private Mono<Project> existing(ProjectId project) {
        return projects.find(project).switchIfEmpty(Mono.error(() -> notFound(project)));
    }

    private static ProjectId target(Caller caller, @Nullable String requested) {
        return switch (caller) {
            case Caller.ServerAdmin admin -> {
                if (requested == null) {
                    throw new AccessException(
                            AccessException.Code.INVALID_ARGUMENT,
                            "project",
                            "project: the server admin token acts on any project, so name one");
                }
                yield projectId(requested, "project");
            }
            case Caller.ProjectKey key ->
                requested == null ? key.project(Scope.ADMIN) : key.administered(projectId(requested, "project"));
        };
    }

    private static ProjectId projectId(String id, String field) {
        try {
            return new ProjectId(id);
        } catch (IllegalArgumentException e) {
            throw new AccessException(
                    AccessException.Code.INVALID_ARGUMENT,
                    field,
                    field + ": 1 to 63 characters of a-z, 0-9, `_` and `-`, starting with a letter or digit");
        }
    }

    private static AccessException notFound(ProjectId project) {
        return new AccessException(AccessException.Code.NOT_FOUND, "project", "project: no project `" + project + "`");
    }
}
