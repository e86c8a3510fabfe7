package io.eventlens.core.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Tells who a request's key belongs to. Keys are looked up by hash and remembered for a short while (answers for
 * unknown keys too, so guessing costs no database round trip); that while bounds how long a revoked key still works
 * on an instance that saw it just before, so it is kept to seconds.
 */
public final class Authenticator {

    /** Longer secrets are refused unread: no real key or token is this long. */
    static final int MAX_SECRET_LENGTH = 256;

    /** Remembered answers at most; the memory is cleared when it fills, which costs only lookups. */
    static final int MAX_REMEMBERED = 10_000;

    private static final String BEARER = "bearer ";

    private final ApiKeys keys;
    private final String adminToken;
    private final Duration remember;
    private final Clock clock;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    /** A key lookup's answer (empty for none) and until when it may be reused. */
    private record Remembered(Optional<ApiKey> key, Instant until) {}

    public Authenticator(ApiKeys keys, String adminToken, Duration remember, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.adminToken = Objects.requireNonNull(adminToken, "adminToken");
        this.remember = Objects.requireNonNull(remember, "remember");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (adminToken.length() < 16) {
            throw new IllegalArgumentException("the server admin token must be at least 16 characters");
        }
    }

    /**
     * The caller whose credentials are {@code authorization}: an {@code Authorization} header value
     * ({@code Bearer <key>}), or the bare key. UNAUTHENTICATED for none, an unknown or a revoked key.
     */
    public Mono<Caller> authenticate(@Nullable String authorization) {
        String secret = secret(authorization);
        if (secret == null) {
            return Mono.error(
                    new AccessException(
                            AccessException.Code.UNAUTHENTICATED,
                            "send an API key: header "
                                    + "`Authorization: Bearer <key>` (or `authorization` in the WebSocket connection_init payload)"));
        }
        if (KeySecrets.same(secret, adminToken)) {
            return Mono.just(new Caller.ServerAdmin());
        }
        if (secret.length() > MAX_SECRET_LENGTH || !secret.startsWith(KeySecrets.PREFIX)) {
            return Mono.error(unknown());
        }
        String hash = KeySecrets.hash(secret);
        return lookup(hash)
                .flatMap(key -> key.isEmpty() || key.get().revoked()
                        ? Mono.error(unknown())
                        : Mono.just(new Caller.ProjectKey(
                                key.get().project(),
                                key.get().scope(),
                                key.get().id(),
                                key.get().allowedOrigins())));
    }

    /** Forgets every remembered answer, e.g. after this instance revoked a key itself. */
    public void forget() {
        remembered.clear();
    }

    private Mono<Optional<ApiKey>> lookup(String hash) {
        Instant now = clock.instant();
        Remembered known = remembered.get(hash);
        if (known != null && known.until().isAfter(now)) {
            return Mono.just(known.key());
        }
        return keys.findByHash(hash)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .doOnNext(key -> {
                    if (remembered.size() >= MAX_REMEMBERED) {
                        remembered.clear();
                    }
                    remembered.put(hash, new Remembered(key, clock.instant().plus(remember)));
                });
    }

    private static @Nullable String secret(@Nullable String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        if (value.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            value = value.substring(BEARER.length()).strip();
        }
        return value.isEmpty() ? null : value;
    }

    private static AccessException unknown() {
        return new AccessException(
                AccessException.Code.UNAUTHENTICATED,
                "the API key is unknown or revoked; ask the project's admin for a valid one");
    }
}
