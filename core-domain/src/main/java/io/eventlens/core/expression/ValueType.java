package io.eventlens.core.expression;

/** The type of a row-level value; conditions are always boolean and metrics always numbers. */
public enum ValueType {
    /** A text value, e.g. a text column or a {@code 'quoted'} literal. */
    TEXT,
    /** A double-precision number. */
    NUMBER,
    /** An instant; only the {@code timestamp} column has this type. */
    TIME,
    /** {@code true} or {@code false}: boolean literals and {@code boolean(properties.x)}. */
    BOOLEAN,
    /**
     * A JSON property value before conversion. The parser converts it to the type its use needs, so in a parsed
     * tree a {@link RowExpression.PropertyRef} only ever appears as the argument of {@code number()}, {@code text()}
     * or {@code boolean()}.
     */
    JSON;

    /** How messages name the type: "text", "a number", ... */
    String describe() {
        return switch (this) {
            case TEXT -> "text";
            case NUMBER -> "a number";
            case TIME -> "a timestamp";
            case BOOLEAN -> "a boolean";
            case JSON -> "a property";
        };
    }
}
