package io.eventlens.ingestion;

import io.eventlens.core.ProjectId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * Cookieless visitor ids, the way Plausible counts: a hash of a secret salt, the project, the client address and its
 * User-Agent. The salt is random, kept only in memory and replaced at every UTC midnight, so the same browser gets
 * one id a day and ids of different days cannot be linked, by anyone: the salt that made them is gone. Nothing the
 * hash is made from is stored.
 */
final class VisitorIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private final Clock clock;
    private volatile Salt salt;

    private record Salt(LocalDate day, byte[] bytes) {
    }

    VisitorIds(Clock clock) {
        this.clock = clock;
        this.salt = fresh(today());
    }

    /** Today's id of the visitor at {@code address} with {@code userAgent}, e.g. {@code v_3q2Xk...}. */
    String visitor(ProjectId project, String address, String userAgent) {
        Salt current = salt;
        LocalDate today = today();
        if (!current.day().equals(today)) {
            synchronized (this) {
                if (!salt.day().equals(today)) {
                    salt = fresh(today); // yesterday's salt is dropped here, and with it any way back
                }
                current = salt;
            }
        }
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        sha256.update(current.bytes());
        for (String part : new String[] {project.value(), address, userAgent}) {
            sha256.update(part.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
        }
        byte[] digest = sha256.digest();
        return "v_" + BASE64.encodeToString(java.util.Arrays.copyOf(digest, 12));
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static Salt fresh(LocalDate day) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new Salt(day, bytes);
    }
}
