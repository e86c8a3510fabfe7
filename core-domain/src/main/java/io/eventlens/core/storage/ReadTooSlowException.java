package io.eventlens.core.storage;

import java.util.Objects;

/**
 * A read ran longer than its kind of read may and was stopped, in the database too. Not a failure of storage: the
 * read asks for more than the limit allows (a long range of raw events, say); the API answers it with the code
 * {@code READ_TIMEOUT} and what to change.
 */
public final class ReadTooSlowException extends RuntimeException {

    public ReadTooSlowException(String message) {
        super(message);
    }

    /** Never null: every constructor takes the message. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }
}
