package io.eventlens.core.expression;

import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.expression.ExpressionException.Code;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The rules for naming a custom metric or dimension, so that every name can be written in an expression and
 * never shadows a built-in one.
 */
public final class DefinitionNames {

    /** Longest accepted name. */
    public static final int MAX_LENGTH = 64;

    private static final List<String> RESERVED = Stream.of(
                    Arrays.stream(BuiltInMetric.values()).map(BuiltInMetric::publicName),
                    Binder.ROW_NAMES.stream(),
                    Stream.of(Lexer.PROPERTIES),
                    Arrays.stream(AggregateFunction.values()).map(AggregateFunction::functionName),
                    Arrays.stream(RowFunction.values()).map(RowFunction::functionName))
            .flatMap(s -> s)
            .toList();

    private DefinitionNames() {}

    /**
     * Refuses, with {@link Code#INVALID_NAME}, a name that is not {@code [A-Za-z_][A-Za-z0-9_]*}, is longer than
     * {@link #MAX_LENGTH}, or equals (ignoring case) a built-in metric, column, function or keyword.
     */
    public static String check(String name) {
        if (name.isEmpty()) {
            throw new ExpressionException(
                    Code.INVALID_NAME, 0, "the name is empty", "name it like arpu or " + "conversion_rate");
        }
        if (name.startsWith(Dimension.PROPERTY_PREFIX)) {
            throw new ExpressionException(
                    Code.INVALID_NAME,
                    0,
                    "'" + Messages.excerpt(name) + "' looks like a " + "property",
                    "properties.<key> already names every property; choose another name");
        }
        if (name.length() > MAX_LENGTH) {
            throw new ExpressionException(
                    Code.INVALID_NAME, 0, "the name has " + name.length() + " characters, more than " + MAX_LENGTH);
        }
        if (!Lexer.isNameStart(name.charAt(0)) || !name.chars().allMatch(c -> c < 128 && Lexer.isNamePart((char) c))) {
            throw new ExpressionException(
                    Code.INVALID_NAME,
                    0,
                    "'" + Messages.excerpt(name) + "' is not a valid " + "name",
                    "use letters A-Z, digits and '_', starting with a letter or '_': conversion_rate");
        }
        for (String reserved : RESERVED) {
            if (reserved.equalsIgnoreCase(name)) {
                throw new ExpressionException(
                        Code.INVALID_NAME,
                        0,
                        "'" + name + "' is taken by the built-in '" + reserved + "'",
                        "choose another name");
            }
        }
        if (Lexer.isKeyword(name) || Lexer.isNotANumberWord(name)) {
            throw new ExpressionException(
                    Code.INVALID_NAME, 0, "'" + name + "' is a reserved word", "choose another name");
        }
        return name;
    }
}
