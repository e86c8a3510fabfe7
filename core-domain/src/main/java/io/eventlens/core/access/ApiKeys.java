package io.eventlens.core.access;

import io.eventlens.core.ProjectId;
import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Where API keys are kept, by the hash of their secret ({@link KeySecrets#hash}): the SPI a storage module implements. */
public interface ApiKeys {

    /** Stores a new key under its secret's hash; completes once durable. */
    Mono<Void> add(ApiKey key, String secretHash);

    /** The key whose secret has this hash, revoked or not; empty for none. */
    Mono<ApiKey> findByHash(String secretHash);

    /** The key with this id, or empty. */
    Mono<ApiKey> find(String id);

    /** The project's keys, revoked ones included, oldest first. */
    Flux<ApiKey> list(ProjectId project);

    /** Marks the key revoked (keeping an earlier revocation time); answers the key, or empty for none. */
    Mono<ApiKey> revoke(String id, Instant at);
}
