package io.eventlens.ingestion;

import java.util.Objects;

/** A page of an origin the key is not bound to (or a server key used from a page): refused, nothing stored. */
final class OriginRefusedException extends RuntimeException {

    OriginRefusedException(String message) {
        super(message, null, false, false);
    }

    /** Never null: every constructor takes the message. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }
}
