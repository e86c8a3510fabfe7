package io.eventlens.core.access;

import io.eventlens.core.ProjectId;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Who is calling, as established from the request's key: a project key or the server admin. APIs put it into the
 * Reactor context (and the GraphQL context under {@link #CONTEXT_KEY}); operations take the project from here,
 * never from an argument a caller could forge.
 */
public sealed interface Caller {

    /** The key under which APIs keep the caller in a GraphQL or Reactor context. */
    String CONTEXT_KEY = Caller.class.getName();

    /** The project an operation needing {@code scope} acts on, or FORBIDDEN. */
    ProjectId project(Scope scope);

    /** The caller of the surrounding reactive call, or UNAUTHENTICATED when there is none. */
    static Mono<Caller> current() {
        return Mono.deferContextual(context -> context.<Caller>getOrEmpty(CONTEXT_KEY)
                .map(Mono::just)
                .orElseGet(() -> Mono.error(new AccessException(
                        AccessException.Code.UNAUTHENTICATED,
                        "send an API key: header `Authorization: Bearer <key>` (or `authorization` in the "
                                + "WebSocket connection_init payload)"))));
    }

    /** The caller in this context, if any. */
    static java.util.Optional<Caller> in(ContextView context) {
        return context.getOrEmpty(CONTEXT_KEY);
    }

    /** A context holding this caller, for {@code contextWrite}. */
    default Context context() {
        return Context.of(CONTEXT_KEY, this);
    }

    /**
     * A caller holding one of the project's keys.
     *
     * @param allowedOrigins the web origins whose pages may use the key; empty for a server key
     */
    record ProjectKey(ProjectId projectId, Scope scope, String keyId, List<String> allowedOrigins) implements Caller {

        public ProjectKey {
            Objects.requireNonNull(projectId, "projectId");
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(keyId, "keyId");
            allowedOrigins = List.copyOf(allowedOrigins);
        }

        /** The holder of a server key. */
        public ProjectKey(ProjectId projectId, Scope scope, String keyId) {
            this(projectId, scope, keyId, List.of());
        }

        /**
         * Whether a page of this origin (a browser's {@code Origin} header) may send with the key: only a browser
         * key, and only from an origin it is bound to.
         */
        public boolean allowsOrigin(@Nullable String origin) {
            String parsed = BrowserOrigins.parse(origin);
            return parsed != null && allowedOrigins.contains(parsed);
        }

        @Override
        public ProjectId project(Scope required) {
            if (!scope.grants(required)) {
                throw new AccessException(
                        AccessException.Code.FORBIDDEN,
                        "this " + scope.label()
                                + " key may not do this: it needs a key with scope " + required.label()
                                + (required == Scope.ADMIN ? "" : " or admin"));
            }
            return projectId;
        }

        /** The project a key-management operation acts on: the key's own, when it is an admin key. */
        ProjectId administered(ProjectId requested) {
            ProjectId own = project(Scope.ADMIN);
            if (!own.equals(requested)) {
                throw new AccessException(
                        AccessException.Code.FORBIDDEN,
                        "project",
                        "project: this key belongs to project `" + own + "` and may not manage project `" + requested
                                + "`");
            }
            return own;
        }
    }

    /** The holder of the server admin token: manages projects and keys, but reads no project's data. */
    record ServerAdmin() implements Caller {

        @Override
        public ProjectId project(Scope scope) {
            throw new AccessException(
                    AccessException.Code.FORBIDDEN,
                    "the server admin token manages projects " + "and keys only; use a project's API key for its data");
        }
    }
}
