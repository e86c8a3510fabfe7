package io.eventlens.core.access;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A caller without a valid key, without the scope an operation needs, or with a bad key-management input. */
public final class AccessException extends RuntimeException {

    /** Why access was refused; APIs map these to HTTP status and GraphQL {@code extensions.code}. */
    public enum Code {
        /** No key, an unknown one, or a revoked one: HTTP 401. */
        UNAUTHENTICATED,
        /** A valid key without the scope, or for another project: HTTP 403. */
        FORBIDDEN,
        /** A project or key that does not exist (or is not the caller's to see). */
        NOT_FOUND,
        /** A project id that is taken. */
        CONFLICT,
        /** A bad input to key management, naming the field. */
        INVALID_ARGUMENT
    }

    private final Code code;
    private final @Nullable String field;

    public AccessException(Code code, String message) {
        this(code, null, message);
    }

    public AccessException(Code code, @Nullable String field, String message) {
        // No stack trace: refusals are frequent and expected, and the message says everything.
        super(message, null, false, false);
        this.code = code;
        this.field = field;
    }

    public Code code() {
        return code;
    }

    public @Nullable String field() {
        return field;
    }

    /** Never null: every constructor takes the message. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }
}
