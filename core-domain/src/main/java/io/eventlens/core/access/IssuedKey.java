package io.eventlens.core.access;

/** A key just created, with its secret: the only time the secret is seen. */
public record IssuedKey(ApiKey key, String secret) {

    @Override
    public String toString() {
        return "IssuedKey[" + key + "]"; // never the secret, should a key ever be logged
    }
}
