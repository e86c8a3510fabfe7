package io.eventlens.core.storage;

import java.time.Duration;
import java.util.Objects;

/**
 * Storage is healthy but has as much work of this kind as it takes right now: the read was not started. Retrying
 * after {@link #retryAfter()} usually succeeds; the API answers it with the code {@code OVERLOADED}.
 */
public final class OverloadedException extends RuntimeException {

    private final Duration retryAfter;

    public OverloadedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Never null: every constructor takes the message. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }
}
