package io.eventlens.core.query;

import java.util.Objects;

/**
 * A query the platform refuses, naming the offending input. {@code field} is a path relative to the operation's
 * input, such as {@code metrics[1]} or {@code filters[0].values}.
 */
public final class QueryException extends RuntimeException {

    private final ErrorCode code;
    private final String field;

    public QueryException(ErrorCode code, String field, String problem) {
        super(field + ": " + problem);
        this.code = code;
        this.field = field;
    }

    public ErrorCode code() {
        return code;
    }

    public String field() {
        return field;
    }

    /** Never null: every constructor takes the message. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }
}
