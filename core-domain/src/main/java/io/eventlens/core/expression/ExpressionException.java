package io.eventlens.core.expression;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An expression the platform refuses. The message says what is wrong, where, and what to write instead, e.g.
 * {@code unknown column 'contry' at 7; did you mean 'country'?}.
 */
public final class ExpressionException extends RuntimeException {

    /** Machine-readable reasons; the API exposes them next to the position. */
    public enum Code {
        /** Malformed text: an unexpected character or token, an unclosed quote or parenthesis. */
        SYNTAX_ERROR,
        /** A literal out of bounds: a number that is not finite, a NUL in a text, a quantile level outside 0..1. */
        INVALID_LITERAL,
        /** A column, property or metric that does not exist. */
        UNKNOWN_NAME,
        /** A function that does not exist. */
        UNKNOWN_FUNCTION,
        /** A function with too few or too many arguments. */
        WRONG_ARGUMENTS,
        /** Something in the wrong place: an aggregate inside an aggregate, a column outside one, ... */
        MISPLACED,
        /** A value of the wrong type: {@code sum(country)}, {@code country > 3}. */
        TYPE_MISMATCH,
        /** Metrics that refer to each other in a circle. */
        CYCLE,
        /** Over a bound: text length, nesting depth, node count, size once referenced metrics are inlined. */
        TOO_COMPLEX,
        /** A name for a new metric or dimension that is malformed or taken. */
        INVALID_NAME
    }

    private final Code code;
    private final int position;
    private final String what;
    private final String hint;
    private final @Nullable String definition;

    /**
     * @param position 1-based index into the expression text (in UTF-16 units, as JavaScript counts), or 0 where
     *     the problem is not at one place (e.g. a malformed definition name)
     * @param what what is wrong, e.g. {@code unknown column 'contry'}
     * @param hint what to do instead, e.g. {@code did you mean 'country'?}; empty if there is nothing to add
     * @param definition the referenced custom metric whose stored text holds the problem; null when it is in the
     *     text being checked
     */
    public ExpressionException(Code code, int position, String what, String hint, @Nullable String definition) {
        super((definition == null ? "" : "in metric '" + definition + "': ")
                + what
                + (position > 0 ? " at " + position : "")
                + (hint.isEmpty() ? "" : "; " + hint));
        this.code = Objects.requireNonNull(code, "code");
        this.position = position;
        this.what = what;
        this.hint = hint;
        this.definition = definition;
    }

    ExpressionException(Code code, int position, String what, String hint) {
        this(code, position, what, hint, null);
    }

    ExpressionException(Code code, int position, String what) {
        this(code, position, what, "", null);
    }

    public Code code() {
        return code;
    }

    /** 1-based index into the text the problem is in, 0 if it is not at one place. */
    public int position() {
        return position;
    }

    /** The message without the position and definition name. */
    public String problem() {
        return what + (hint.isEmpty() ? "" : "; " + hint);
    }

    /** The referenced custom metric whose text holds the problem, or null if it is in the checked text. */
    public @Nullable String definition() {
        return definition;
    }

    /** The same problem, attributed to another metric's stored text (unless it already names one). */
    public ExpressionException inDefinition(String name) {
        return definition != null ? this : new ExpressionException(code, position, what, hint, name);
    }

    /** Never null: every constructor takes the message. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }
}
