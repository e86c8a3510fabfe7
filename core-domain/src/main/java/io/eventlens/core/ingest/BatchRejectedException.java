package io.eventlens.core.ingest;

import java.util.Objects;

/** A batch refused as a whole, before any of its events is looked at or stored. */
public final class BatchRejectedException extends RuntimeException {

    /** Machine-readable reasons a batch is refused; the APIs expose them as {@code code}. */
    public enum Code {
        /** The batch holds no events. */
        EMPTY_BATCH,
        /** The batch holds more events than {@link IngestLimits#maxEventsPerBatch()}. */
        TOO_MANY_EVENTS
    }

    private final Code code;

    public BatchRejectedException(Code code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public Code code() {
        return code;
    }

    /** Never null: every constructor takes the message. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }
}
