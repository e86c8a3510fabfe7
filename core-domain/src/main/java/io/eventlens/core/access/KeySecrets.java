package io.eventlens.core.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Makes key secrets and their stored hashes. A secret is {@code el_<scope>_} and 32 random bytes (256 bits) in
 * base64url. Stored is only its SHA-256: a slow password hash guards low-entropy secrets against guessing, but a
 * 256-bit random secret can't be guessed from its hash, and a fast hash keeps every request's lookup cheap.
 */
public final class KeySecrets {

    /** Every secret starts with this. */
    public static final String PREFIX = "el_";

    /** Characters of a secret shown in listings to recognise it by. */
    static final int VISIBLE = 12;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private KeySecrets() {}

    /** A new secret for a key of this scope, e.g. {@code el_read_3q2-...}. */
    public static String generate(Scope scope) {
        return PREFIX + scope.label() + "_" + random(32);
    }

    /** A random token of {@code bytes} random bytes in base64url, e.g. for the server admin token. */
    public static String random(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return BASE64.encodeToString(random);
    }

    /** The stored form of a secret: SHA-256, hex. */
    public static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The part of a secret listings may show. */
    public static String visiblePrefix(String secret) {
        return secret.substring(0, Math.min(VISIBLE, secret.length()));
    }

    /** Compares in time independent of where they differ, so timing reveals nothing of a token. */
    public static boolean same(String presented, String expected) {
        return MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
