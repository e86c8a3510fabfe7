package io.eventlens.ingestion;

import java.util.Objects;

/** A body that is not the JSON it claims to be, with where the parser gave up (1-based). */
final class MalformedBodyException extends RuntimeException {

    private final int line;
    private final int column;

    MalformedBodyException(int line, int column, String problem) {
        super("malformed JSON at line " + line + ", column " + column + ": " + problem, null, false, false);
        this.line = line;
        this.column = column;
    }

    int line() {
        return line;
    }

    int column() {
        return column;
    }

    /** Never null: every constructor takes the message. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }
}
