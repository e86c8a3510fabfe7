package io.eventlens.ingestion;

import io.eventlens.core.access.Authenticator;
import io.eventlens.core.access.Caller;
import io.eventlens.core.access.Scope;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/** Who sends a request: the caller of its key, which must be allowed to ingest. */
@FunctionalInterface
interface ProjectResolver {

    /** The caller, or an {@code AccessException} (UNAUTHENTICATED or FORBIDDEN). */
    Mono<Caller> resolve(ServerRequest request);

    /**
     * The caller of the {@code Authorization: Bearer} key (or the {@code key} query parameter, for beacons); a
     * read-only key may not ingest, and a page only with a browser key of its origin ({@link BrowserAccess}).
     */
    static ProjectResolver byKey(Authenticator authenticator) {
        return request -> authenticator
                .authenticate(BrowserAccess.credentials(request))
                .doOnNext(caller -> {
                    caller.project(Scope.INGEST);
                    BrowserAccess.admit(request, caller);
                });
    }
}
