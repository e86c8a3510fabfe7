package io.eventlens.core.expression;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The functions on values of one event. Every function returns null for a null argument (except
 * {@code coalesce}, whose job is nulls). Engines implement exactly these semantics.
 */
public enum RowFunction {
    /** {@code lower(text)}: Unicode lower case, independent of any locale. */
    LOWER("lower", 1, 1),
    /** {@code upper(text)}: Unicode upper case, independent of any locale. */
    UPPER("upper", 1, 1),
    /**
     * {@code coalesce(a, b, ...)}: the first argument that is not null, or null. Two or more arguments of one type;
     * property arguments are first converted to that type (to text when all arguments are properties).
     */
    COALESCE("coalesce", 2, Integer.MAX_VALUE),
    /**
     * {@code url_host(text)}: the host of an absolute URL ({@code scheme://} or {@code //}) in ASCII lower case,
     * without user info and port, e.g. {@code https://Shop.example.com:8443/a} gives {@code shop.example.com}.
     * Null for text without {@code //} after an optional scheme, or with an empty host.
     */
    URL_HOST("url_host", 1, 1),
    /**
     * {@code url_path(text)}: the path of a URL without query and fragment, case kept, not decoded. For an
     * absolute URL it is the part after the host ({@code /} if empty); for other text it is the text up to the
     * first {@code ?} or {@code #}, null if that is empty. {@code https://a.com/p?q=1} and {@code /p#top} give
     * {@code /p}.
     */
    URL_PATH("url_path", 1, 1),
    /** {@code hour_of_day(timestamp)}: the hour 0..23 of the event in the report's time zone. */
    HOUR_OF_DAY("hour_of_day", 1, 1),
    /** {@code day_of_week(timestamp)}: ISO day of week in the report's time zone, 1 = Monday .. 7 = Sunday. */
    DAY_OF_WEEK("day_of_week", 1, 1),
    /**
     * {@code number(x)}: a number. Of a property: its value if it is a JSON number, else null (a JSON string
     * "42" is not a number; write {@code number(text(properties.x))} to parse it). Of text: the text parsed as a
     * decimal number ({@code [+-]digits[.digits][e[+-]digits]}, ASCII blanks around it allowed), null if it does
     * not parse or is out of the double range. Of a number: the number.
     */
    NUMBER("number", 1, 1),
    /**
     * {@code text(x)}: text. Of a property: a JSON string as is, other JSON values as their JSON text
     * ({@code true}, {@code 12.5}); JSON null as null. Of a boolean: {@code true} or {@code false}. Of a number:
     * the shortest decimal that reads back as the same double, in plain notation when the decimal exponent is
     * between -4 and 14, else as {@code 1.5e+20} / {@code 1e-05} (PostgreSQL's float8 text); {@code 42.0} gives
     * {@code 42}.
     */
    TEXT("text", 1, 1),
    /** {@code boolean(x)}: of a property, its value if it is a JSON boolean, else null; of a boolean, itself. */
    BOOLEAN("boolean", 1, 1);

    private final String functionName;
    private final int minArguments;
    private final int maxArguments;

    RowFunction(String functionName, int minArguments, int maxArguments) {
        this.functionName = functionName;
        this.minArguments = minArguments;
        this.maxArguments = maxArguments;
    }

    /** The name as written in expression text, in lower case. */
    public String functionName() {
        return functionName;
    }

    public int minArguments() {
        return minArguments;
    }

    public int maxArguments() {
        return maxArguments;
    }

    /** Whether this function converts a property (or any value) to a type: number(), text(), boolean(). */
    public boolean conversion() {
        return this == NUMBER || this == TEXT || this == BOOLEAN;
    }

    /** Looks a function name up regardless of case. */
    public static Optional<RowFunction> byName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.functionName.equals(lower)).findFirst();
    }

    /** The conversion function to a type, for the parser's implicit conversions. */
    static RowFunction conversionTo(ValueType type) {
        return switch (type) {
            case NUMBER -> NUMBER;
            case TEXT -> TEXT;
            case BOOLEAN -> BOOLEAN;
            case TIME, JSON -> throw new IllegalArgumentException("no conversion to " + type);
        };
    }
}
