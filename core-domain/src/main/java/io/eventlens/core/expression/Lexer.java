package io.eventlens.core.expression;

import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.expression.ExpressionException.Code;
import io.eventlens.core.expression.Token.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Splits expression text into tokens, refusing anything that is not part of the language. */
final class Lexer {

    private static final Map<String, Kind> KEYWORDS = Map.ofEntries(
            Map.entry("and", Kind.AND),
            Map.entry("or", Kind.OR),
            Map.entry("not", Kind.NOT),
            Map.entry("in", Kind.IN),
            Map.entry("is", Kind.IS),
            Map.entry("null", Kind.NULL),
            Map.entry("contains", Kind.CONTAINS),
            Map.entry("where", Kind.WHERE),
            Map.entry("true", Kind.TRUE),
            Map.entry("false", Kind.FALSE));

    /** Words that look like numbers to some users but are not finite numbers. */
    private static final List<String> NOT_NUMBERS = List.of("nan", "infinity", "inf");

    static final String PROPERTIES = "properties";

    private final String text;
    private int index;

    private Lexer(String text) {
        this.text = text;
    }

    /** The tokens of the text, ending with an END token. */
    static List<Token> tokens(String text) {
        return new Lexer(text).all();
    }

    /** Whether a word is a keyword of the language, in any case. */
    static boolean isKeyword(String word) {
        return KEYWORDS.containsKey(word.toLowerCase(Locale.ROOT));
    }

    /** Whether a word is NaN, Infinity or inf in any case. */
    static boolean isNotANumberWord(String word) {
        return NOT_NUMBERS.contains(word.toLowerCase(Locale.ROOT));
    }

    static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }

    private List<Token> all() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipBlanks();
            if (index >= text.length()) {
                tokens.add(new Token(Kind.END, text.length() + 1, null, 0));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private void skipBlanks() {
        while (index < text.length()) {
            char c = text.charAt(index);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            index++;
        }
    }

    private Token next() {
        int start = index;
        int position = start + 1;
        char c = text.charAt(index);
        if (c >= '0' && c <= '9') {
            return number();
        }
        if (isNameStart(c)) {
            return word();
        }
        index++;
        return switch (c) {
            case '\'' -> string(start);
            case '(' -> new Token(Kind.LEFT_PAREN, position, null, 0);
            case ')' -> new Token(Kind.RIGHT_PAREN, position, null, 0);
            case ',' -> new Token(Kind.COMMA, position, null, 0);
            case '+' -> new Token(Kind.PLUS, position, null, 0);
            case '*' -> new Token(Kind.STAR, position, null, 0);
            case '-' -> {
                if (peek('-')) {
                    throw new ExpressionException(
                            Code.SYNTAX_ERROR,
                            position,
                            "comments ('--') are not supported",
                            "to subtract a negative number put a blank between the minus signs: a - -1");
                }
                yield new Token(Kind.MINUS, position, null, 0);
            }
            case '/' -> {
                if (peek('*')) {
                    throw new ExpressionException(Code.SYNTAX_ERROR, position, "comments ('/*') are not supported");
                }
                yield new Token(Kind.SLASH, position, null, 0);
            }
            case '=' -> {
                if (peek('=')) {
                    throw new ExpressionException(
                            Code.SYNTAX_ERROR, position, "'==' is not an operator", "compare with a single '='");
                }
                yield new Token(Kind.EQ, position, null, 0);
            }
            case '!' -> {
                if (!peek('=')) {
                    throw new ExpressionException(
                            Code.SYNTAX_ERROR,
                            position,
                            "'!' is not an operator",
                            "use '!=' to compare or 'not' to negate a condition");
                }
                index++;
                yield new Token(Kind.NEQ, position, null, 0);
            }
            case '<' -> {
                if (peek('=')) {
                    index++;
                    yield new Token(Kind.LTE, position, null, 0);
                }
                if (peek('>')) {
                    index++;
                    yield new Token(Kind.NEQ, position, null, 0);
                }
                yield new Token(Kind.LT, position, null, 0);
            }
            case '>' -> {
                if (peek('=')) {
                    index++;
                    yield new Token(Kind.GTE, position, null, 0);
                }
                yield new Token(Kind.GT, position, null, 0);
            }
            case '"' ->
                throw new ExpressionException(
                        Code.SYNTAX_ERROR,
                        position,
                        "unexpected '\"'",
                        "text literals use single quotes ('pro'); double quotes only quote property keys: "
                                + "properties.\"my key\"");
            case '`' ->
                throw new ExpressionException(
                        Code.SYNTAX_ERROR,
                        position,
                        "unexpected '`'",
                        "quote property keys with double quotes: properties.\"my key\"");
            case ';' ->
                throw new ExpressionException(
                        Code.SYNTAX_ERROR, position, "unexpected ';'", "an expression is a single formula without ';'");
            case '.' ->
                throw new ExpressionException(
                        Code.SYNTAX_ERROR,
                        position,
                        "unexpected '.'",
                        "write numbers with a leading digit (0.5), and properties as properties.key");
            default -> throw unexpectedCharacter(start);
        };
    }

    private boolean peek(char expected) {
        return index < text.length() && text.charAt(index) == expected;
    }

    private ExpressionException unexpectedCharacter(int at) {
        int cp = text.codePointAt(at);
        if (Character.isSurrogate(text.charAt(at)) && Character.charCount(cp) == 1) {
            return new ExpressionException(
                    Code.SYNTAX_ERROR,
                    at + 1,
                    "invalid text: an unpaired UTF-16 surrogate " + Messages.describeCharacter(cp));
        }
        return new ExpressionException(
                Code.SYNTAX_ERROR,
                at + 1,
                "unexpected character " + Messages.describeCharacter(cp),
                Character.isLetter(cp)
                        ? "names use only the letters A-Z, digits "
                                + "and '_'; quote other property keys: properties.\"clé\""
                        : "remove it (invisible characters often come with copy and paste)");
    }

    private Token number() {
        int start = index;
        digits();
        if (peek('.')) {
            index++;
            if (digits() == 0) {
                throw new ExpressionException(
                        Code.SYNTAX_ERROR,
                        start + 1,
                        "malformed number '" + Messages.excerpt(text.substring(start, index)) + "'",
                        "write digits after the point: 5.0");
            }
        }
        if (peek('e') || peek('E')) {
            index++;
            if (peek('+') || peek('-')) {
                index++;
            }
            if (digits() == 0) {
                throw new ExpressionException(
                        Code.SYNTAX_ERROR,
                        start + 1,
                        "malformed number '" + Messages.excerpt(text.substring(start, index)) + "'",
                        "write an exponent such as 1e6");
            }
        }
        if (index < text.length() && (isNamePart(text.charAt(index)) || text.charAt(index) == '.')) {
            int end = index;
            while (end < text.length() && (isNamePart(text.charAt(end)) || text.charAt(end) == '.')) {
                end++;
            }
            throw new ExpressionException(
                    Code.SYNTAX_ERROR,
                    start + 1,
                    "malformed number '" + Messages.excerpt(text.substring(start, end)) + "'",
                    "names start with a letter or '_'; numbers look like 42, 0.5 or 1e6");
        }
        String literal = text.substring(start, index);
        return new Token(Kind.NUMBER, start + 1, literal, finiteValue(literal, start + 1));
    }

    private int digits() {
        int start = index;
        while (index < text.length() && text.charAt(index) >= '0' && text.charAt(index) <= '9') {
            index++;
        }
        return index - start;
    }

    /** The literal as a double, refusing what a double cannot hold rather than turning it into infinity or 0. */
    private static double finiteValue(String literal, int position) {
        BigDecimal decimal;
        try {
            decimal = new BigDecimal(literal);
        } catch (NumberFormatException e) { // an exponent beyond the int range
            throw outOfRange(literal, position);
        }
        if (decimal.signum() == 0) {
            return 0;
        }
        long exponent = (long) decimal.precision() - decimal.scale() - 1;
        if (exponent > 308 || exponent < -324) {
            throw outOfRange(literal, position);
        }
        double value = decimal.doubleValue();
        if (!Double.isFinite(value) || value == 0) {
            throw outOfRange(literal, position);
        }
        return value;
    }

    private static ExpressionException outOfRange(String literal, int position) {
        return new ExpressionException(
                Code.INVALID_LITERAL,
                position,
                "number '" + Messages.excerpt(literal) + "' is out of range",
                "numbers must be finite, at most about 1.7e308 in size, and not so small that they round to 0");
    }

    private Token word() {
        int start = index;
        while (index < text.length() && isNamePart(text.charAt(index))) {
            index++;
        }
        String word = text.substring(start, index);
        if (word.equals(PROPERTIES) && peek('.')) {
            index++;
            return property(start);
        }
        Kind keyword = KEYWORDS.get(word.toLowerCase(Locale.ROOT));
        if (keyword != null) {
            return new Token(keyword, start + 1, word, 0);
        }
        if (isNotANumberWord(word)) {
            throw new ExpressionException(
                    Code.INVALID_LITERAL,
                    start + 1,
                    "'" + word + "' is not a number here",
                    "expressions only take finite numbers");
        }
        return new Token(Kind.NAME, start + 1, word, 0);
    }

    private Token property(int start) {
        String key;
        if (peek('"')) {
            key = quoted(index++, '"', "property key");
        } else {
            int keyStart = index;
            while (index < text.length() && isNamePart(text.charAt(index))) {
                index++;
            }
            key = text.substring(keyStart, index);
            if (key.isEmpty()) {
                throw new ExpressionException(
                        Code.SYNTAX_ERROR,
                        start + 1,
                        "'properties.' needs a key",
                        "write properties.plan, or quote other keys: properties.\"my key\"");
            }
        }
        if (!Catalog.isValidPropertyKey(key)) {
            throw new ExpressionException(
                    Code.INVALID_LITERAL,
                    start + 1,
                    "property key '" + Messages.excerpt(key) + "' is invalid",
                    "keys are 1 to " + Catalog.MAX_PROPERTY_KEY_LENGTH + " characters without control characters");
        }
        if (peek('.')) {
            throw new ExpressionException(
                    Code.SYNTAX_ERROR,
                    index + 1,
                    "nested properties are not supported",
                    "only top-level keys can be read; quote a key that holds a dot: properties.\"a.b\"");
        }
        if (index < text.length() && text.charAt(index) == '"') {
            throw new ExpressionException(
                    Code.SYNTAX_ERROR,
                    index + 1,
                    "unexpected '\"' after a property key",
                    "quote the whole key: properties.\"my key\"");
        }
        return new Token(Kind.PROPERTY, start + 1, key, 0);
    }

    private Token string(int start) {
        return new Token(Kind.STRING, start + 1, quoted(start, '\'', "text literal"), 0);
    }

    /**
     * The text between a quote at {@code open} and its closing quote, a doubled quote standing for one. Refuses
     * NUL (storage cannot hold it) and unpaired surrogates (they are not text).
     */
    private String quoted(int open, char quote, String what) {
        StringBuilder value = new StringBuilder();
        index = open + 1;
        while (true) {
            if (index >= text.length()) {
                throw new ExpressionException(
                        Code.SYNTAX_ERROR,
                        open + 1,
                        "unclosed " + what,
                        "end it with " + quote + " and write " + quote + quote + " for a " + quote + " inside");
            }
            char c = text.charAt(index);
            if (c == quote) {
                if (index + 1 < text.length() && text.charAt(index + 1) == quote) {
                    value.append(quote);
                    index += 2;
                    continue;
                }
                index++;
                return value.toString();
            }
            if (c == '\0') {
                throw new ExpressionException(
                        Code.INVALID_LITERAL,
                        index + 1,
                        what + " holds a NUL character (U+0000)",
                        "remove it; text cannot contain NUL");
            }
            if (Character.isHighSurrogate(c)
                    && index + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(index + 1))) {
                value.append(c).append(text.charAt(index + 1));
                index += 2;
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw new ExpressionException(
                        Code.INVALID_LITERAL,
                        index + 1,
                        what + " holds an unpaired UTF-16 surrogate " + Messages.describeCharacter(c),
                        "it is not text");
            }
            value.append(c);
            index++;
        }
    }
}
