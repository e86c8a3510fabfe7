package io.eventlens.ingestion;

import io.eventlens.core.ProjectId;
import io.eventlens.core.ingest.VisitorSalts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Cookieless visitor ids, the way Plausible counts: a hash of a secret salt, the project, the client address and its
 * User-Agent. The salt is random and changes every UTC day, so the same browser gets one id a day and ids of
 * different days cannot be linked once the salt is gone. Nothing the hash is made from is stored.
 *
 * <p>The salt comes from {@link VisitorSalts} (the shared Redis: the same on every instance, kept 48 hours), else
 * from this instance's memory. When the shared salts cannot be reached, the instance uses a salt of its own for that
 * day: its visitors then count separately, but are still counted.
 */
final class VisitorIds {

    private static final Logger log = LoggerFactory.getLogger(VisitorIds.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
    private static final Duration SHARED_WAIT = Duration.ofSeconds(2);

    private final Clock clock;
    private final @Nullable VisitorSalts shared;
    private volatile @Nullable Salt salt;

    private record Salt(LocalDate day, byte[] bytes) {}

    /** Ids from salts of this instance's memory alone. */
    VisitorIds(Clock clock) {
        this(clock, null);
    }

    VisitorIds(Clock clock, @Nullable VisitorSalts shared) {
        this.clock = clock;
        this.shared = shared;
    }

    /** Today's id of the visitor at {@code address} with {@code userAgent}, e.g. {@code v_3q2Xk...}. */
    Mono<String> visitor(ProjectId project, String address, String userAgent) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Salt current = salt;
        Mono<byte[]> bytes = current != null && current.day().equals(today) ? Mono.just(current.bytes()) : load(today);
        return bytes.map(value -> hash(value, project, address, userAgent));
    }

    private Mono<byte[]> load(LocalDate day) {
        Mono<byte[]> loaded = shared == null
                ? Mono.fromSupplier(VisitorIds::random)
                : shared.salt(day)
                        .timeout(SHARED_WAIT)
                        .onErrorResume(e -> {
                            log.warn(
                                    "Shared visitor salt unavailable ({}); this instance counts visitors on its own today",
                                    e.toString());
                            return Mono.fromSupplier(VisitorIds::random);
                        })
                        .switchIfEmpty(Mono.fromSupplier(VisitorIds::random));
        return loaded.map(bytes -> {
            synchronized (this) {
                Salt current = salt;
                if (current != null && current.day().equals(day)) {
                    return current.bytes(); // another request of the day got there first: one salt per day
                }
                salt = new Salt(day, bytes); // yesterday's salt is dropped here, with any way back
                return bytes;
            }
        });
    }

    private static String hash(byte[] salt, ProjectId project, String address, String userAgent) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        sha256.update(salt);
        for (String part : new String[] {project.value(), address, userAgent}) {
            sha256.update(part.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
        }
        return "v_" + BASE64.encodeToString(Arrays.copyOf(sha256.digest(), 12));
    }

    private static byte[] random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
