package io.eventlens.core.expression;

import org.jspecify.annotations.Nullable;

/**
 * One token of expression text.
 *
 * @param position 1-based index of its first character
 * @param text the name, the unescaped text literal or the property key; null for other kinds
 * @param number the value of a number token
 */
record Token(Kind kind, int position, @Nullable String text, double number) {

    /** What a token is; keywords are recognised regardless of case. */
    enum Kind {
        NUMBER,
        STRING,
        NAME,
        PROPERTY,
        LEFT_PAREN,
        RIGHT_PAREN,
        COMMA,
        PLUS,
        MINUS,
        STAR,
        SLASH,
        EQ,
        NEQ,
        LT,
        LTE,
        GT,
        GTE,
        AND,
        OR,
        NOT,
        IN,
        IS,
        NULL,
        CONTAINS,
        WHERE,
        TRUE,
        FALSE,
        END
    }

    /** How messages show this token: the word or symbol, or "end of text". */
    String describe() {
        return switch (kind) {
            case NUMBER -> "number";
            case STRING -> "text literal";
            case NAME -> "'" + Messages.excerpt(text) + "'";
            case PROPERTY -> "'properties." + Messages.excerpt(text) + "'";
            case LEFT_PAREN -> "'('";
            case RIGHT_PAREN -> "')'";
            case COMMA -> "','";
            case PLUS -> "'+'";
            case MINUS -> "'-'";
            case STAR -> "'*'";
            case SLASH -> "'/'";
            case EQ -> "'='";
            case NEQ -> "'!='";
            case LT -> "'<'";
            case LTE -> "'<='";
            case GT -> "'>'";
            case GTE -> "'>='";
            case END -> "end of text";
            default -> "'" + kind.name().toLowerCase(java.util.Locale.ROOT) + "'";
        };
    }
}
