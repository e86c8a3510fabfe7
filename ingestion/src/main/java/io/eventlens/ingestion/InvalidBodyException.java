package io.eventlens.ingestion;

import java.util.Objects;

/** A body that is well-formed JSON but not the shape the endpoint takes, naming the field at fault. */
final class InvalidBodyException extends RuntimeException {

    private final String field;

    InvalidBodyException(String field, String problem) {
        super(field + ": " + problem, null, false, false);
        this.field = field;
    }

    String field() {
        return field;
    }

    /** Never null: every constructor takes the message. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }
}
