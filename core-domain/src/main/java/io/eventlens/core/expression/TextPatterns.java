package io.eventlens.core.expression;

/**
 * The regular expressions by which every engine reads text the same way in compiled expressions: written in the
 * subset that PostgreSQL's POSIX regexes, ClickHouse's RE2 and Java agree on.
 */
public final class TextPatterns {

    /** The blanks a number in text may have around it. */
    public static final String BLANKS = "[ \\t\\n\\r\\f]*";

    /**
     * Text that {@code toNumber} reads as a number: a decimal with an optional exponent of at most 5 digits, blanks
     * around. Wider exponents overflow PostgreSQL's numeric input, and any such number is out of a double's range
     * anyway, so they read as no number on every engine.
     */
    public static final String DECIMAL = "^" + BLANKS + "[+-]?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]{1,5})?" + BLANKS + "$";

    /** The start of an absolute URL: an optional scheme, then {@code //} and the authority. */
    public static final String ABSOLUTE_URL = "^(?:[A-Za-z][A-Za-z0-9+.-]*:)?//";

    private TextPatterns() {}
}
