package io.eventlens.core.access;

import java.time.Duration;
import java.util.Objects;

/** A key over one of its limits: the caller may try again after {@link #retryAfter()}. */
public final class RateLimitedException extends RuntimeException {

    private final Limit limit;
    private final Duration retryAfter;

    public RateLimitedException(Limit limit, Duration retryAfter, String message) {
        super(message, null, false, false);
        this.limit = limit;
        this.retryAfter = retryAfter;
    }

    public Limit limit() {
        return limit;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whole seconds for an HTTP {@code Retry-After}, at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    /** Never null: every constructor takes the message. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }
}
