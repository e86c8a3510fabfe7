package io.eventlens.core.expression;

import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.expression.MetricExpression.Aggregate;
import io.eventlens.core.expression.RowExpression.BooleanLiteral;
import io.eventlens.core.expression.RowExpression.Call;
import io.eventlens.core.expression.RowExpression.ColumnRef;
import io.eventlens.core.expression.RowExpression.PropertyRef;
import io.eventlens.core.expression.RowExpression.Revenue;
import io.eventlens.core.expression.RowExpression.RowArithmetic;
import io.eventlens.core.expression.RowExpression.RowNegation;
import io.eventlens.core.expression.RowExpression.TextLiteral;
import io.eventlens.core.expression.RowExpression.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Random inputs for the expression property tests: well-typed trees in the parser's normal form (every property
 * under its conversion), built from the documented typing rules rather than from the parser, and the texts they
 * hold. Every generator draws from the {@link SplittableRandom} it is given, so a seed regenerates a case exactly.
 */
final class ExpressionSamples {

    /** Metric names that are neither columns nor functions nor keywords. */
    private static final List<String> METRIC_NAMES =
            List.of("events", "uniqueUsers", "sessions", "revenue", "arpu", "conversion_rate", "_m1", "Purchases2");

    /** Texts that break naive quoting, escaping, rendering or storage. */
    private static final List<String> HOSTILE_TEXTS = List.of(
            "'",
            "''",
            "'; drop table events; --",
            "--",
            "/* */",
            "\\",
            "\\'",
            "\"",
            "`",
            "$1",
            "%",
            "_",
            "\u202e\u200b\ufeff",
            "é",
            "👍🏽",
            "\n\t\r",
            " ",
            "",
            "null",
            "NaN",
            "' or '1' = '1",
            "\u00a0",
            "日本語");

    /**
     * Single characters worth seeing often: quotes, backslash, NUL, RTL and LTR overrides, zero-width characters,
     * byte order mark, no-break space, C1 control, line separators, blanks, letters outside ASCII.
     */
    private static final String AWKWARD_CHARS = "'\"\\`\u0000\u202e\u202d\u200b\u200c\u200d\u2060\ufeff\u00a0"
            + "\u0085\u2028\u2029\n\t\r \u0001\u001f\u007fé日\uffff\ufffe";

    private static final String NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_";

    /** Numbers where printing or parsing changes behaviour: range ends, plain/scientific boundaries, -0. */
    private static final double[] SPECIAL_NUMBERS = {
        0.1,
        0.95,
        1e-7,
        1e15,
        1e21,
        Double.MIN_VALUE,
        Double.MAX_VALUE,
        -Double.MAX_VALUE,
        123456789012345.0,
        0.0,
        -0.0,
        Double.MIN_NORMAL,
        1e-6,
        1e14,
        999999999999999.0,
        0.1 + 0.2,
        1.0 / 3,
        -1e-300
    };

    private ExpressionSamples() {}

    /**
     * One generated case: its number in the series (counted from 1, as JUnit numbers invocations), the seed that
     * regenerates it (pass {@code new SplittableRandom(seed)} to the generator) and the value.
     */
    record Sample<T>(int index, long seed, T value) {
        @Override
        public String toString() {
            return "case " + index + " (seed " + seed + "L)";
        }
    }

    /** {@code count} cases of a generator, each from its own seed, all seeds drawn from {@code seed}. */
    static <T> Stream<Sample<T>> samples(long seed, int count, Function<SplittableRandom, T> generator) {
        SplittableRandom seeds = new SplittableRandom(seed);
        return IntStream.range(0, count).mapToObj(index -> {
            long caseSeed = seeds.nextLong();
            return new Sample<>(index + 1, caseSeed, generator.apply(new SplittableRandom(caseSeed)));
        });
    }

    // ---- texts and numbers

    /** Any text a literal can hold: no NUL, no unpaired surrogate; hostile fragments likely. */
    static String texts(SplittableRandom random) {
        while (true) {
            String text = switch (weighted(random, 3, 2, 1)) {
                case 0 -> anyString(random, 12);
                case 1 -> pick(random, HOSTILE_TEXTS);
                default -> asciiString(random, 30);
            };
            if (storable(text)) {
                return text;
            }
        }
    }

    static boolean storable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Up to {@code maxLength} UTF-16 units of anything: any BMP unit (lone surrogates and NUL included), printable
     * ASCII, awkward characters (RTL override, zero-width, BOM, ...), supplementary characters as surrogate pairs,
     * and explicitly lone high or low surrogates.
     */
    static String anyString(SplittableRandom random, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder text = new StringBuilder(length + 1);
        while (text.length() < length) {
            switch (weighted(random, 4, 2, 2, 1, 1)) {
                case 0 -> text.append((char) random.nextInt(0x10000));
                case 1 -> text.append((char) random.nextInt(' ', 0x7f));
                case 2 -> text.append(AWKWARD_CHARS.charAt(random.nextInt(AWKWARD_CHARS.length())));
                case 3 ->
                    text.appendCodePoint(
                            random.nextInt(Character.MIN_SUPPLEMENTARY_CODE_POINT, Character.MAX_CODE_POINT + 1));
                default -> text.append((char) random.nextInt(Character.MIN_SURROGATE, Character.MAX_SURROGATE + 1));
            }
        }
        text.setLength(length); // a pair cut in half is one more lone surrogate
        return text.toString();
    }

    /** Up to {@code maxLength} printable ASCII characters. */
    static String asciiString(SplittableRandom random, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) random.nextInt(' ', '~' + 1));
        }
        return text.toString();
    }

    /** Valid property keys: mostly plain names (printed unquoted), otherwise any text (printed quoted). */
    static String propertyKeys(SplittableRandom random) {
        while (true) {
            String key = random.nextBoolean() ? nameString(random, 10) : texts(random);
            if (Catalog.isValidPropertyKey(key)) {
                return key;
            }
        }
    }

    private static String nameString(SplittableRandom random, int maxLength) {
        int length = random.nextInt(1, maxLength + 1);
        StringBuilder name = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            name.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
        }
        return name.toString();
    }

    /** Finite doubles of every magnitude (subnormals included), small integers and special values. */
    static double numbers(SplittableRandom random) {
        while (true) {
            double value = switch (random.nextInt(3)) {
                case 0 ->
                    switch (random.nextInt(3)) {
                        case 0 -> Double.longBitsToDouble(random.nextLong()); // any bit pattern
                        case 1 -> random.nextLong(-1_000_000_000L, 1_000_000_001L) / 100.0; // short decimals
                        default -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-20, 21));
                    };
                case 1 -> random.nextInt(-1000, 1001);
                default -> pickNumber(random, SPECIAL_NUMBERS);
            };
            if (Double.isFinite(value)) {
                return value;
            }
        }
    }

    /** A quantile level within [0, 1], the ends included. */
    static double quantileLevels(SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> pickNumber(random, 0.0, 1.0, 0.5, 0.95, 0.99, Double.MIN_VALUE, Math.nextDown(1.0), 1e-7);
            case 1 -> random.nextInt(101) / 100.0;
            default -> random.nextDouble();
        };
    }

    // ---- trees

    /** A metric: aggregates, metric names and numbers combined by arithmetic, up to {@code depth} levels. */
    static MetricExpression metrics(SplittableRandom random, int depth) {
        int choice = depth == 0 ? 0 : weighted(random, 2, 3, 1);
        return switch (choice) {
            case 0 ->
                switch (weighted(random, 4, 2, 1)) {
                    case 0 -> aggregates(random, 2);
                    case 1 -> new MetricExpression.MetricReference(pick(random, METRIC_NAMES));
                    default -> new NumberLiteral(numbers(random));
                };
            case 1 ->
                new MetricExpression.Arithmetic(
                        pick(random, ArithmeticOperator.values()),
                        metrics(random, depth - 1),
                        metrics(random, depth - 1));
            default -> new MetricExpression.Negation(metrics(random, depth - 1));
        };
    }

    /** Any aggregate, its argument and where clause {@code depth} levels deep. */
    static Aggregate aggregates(SplittableRandom random, int depth) {
        AggregateFunction function = pick(random, AggregateFunction.values());
        return switch (function) {
            case COUNT -> new Aggregate(function, null, null, filter(random, depth));
            case UNIQ ->
                new Aggregate(function, null, rows(random, comparableType(random), depth), filter(random, depth));
            case QUANTILE ->
                new Aggregate(
                        function, quantileLevels(random), rows(random, ValueType.NUMBER, depth), filter(random, depth));
            default -> new Aggregate(function, null, rows(random, ValueType.NUMBER, depth), filter(random, depth));
        };
    }

    private static @Nullable Condition filter(SplittableRandom random, int depth) {
        return random.nextBoolean() ? null : conditions(random, depth);
    }

    /** A row value of {@code type}, nested up to {@code depth} levels. */
    static RowExpression rows(SplittableRandom random, ValueType type, int depth) {
        if (depth == 0 || type == ValueType.TIME || weighted(random, 2, 1) == 0) {
            return rowLeaf(random, type);
        }
        return switch (type) {
            case TEXT ->
                switch (random.nextInt(3)) {
                    case 0 -> coalesce(random, type, depth);
                    case 1 ->
                        Trees.call(
                                pick(
                                        random,
                                        RowFunction.LOWER,
                                        RowFunction.UPPER,
                                        RowFunction.URL_HOST,
                                        RowFunction.URL_PATH,
                                        RowFunction.TEXT),
                                rows(random, ValueType.TEXT, depth - 1));
                    default ->
                        Trees.call(
                                RowFunction.TEXT,
                                rows(random, pick(random, ValueType.NUMBER, ValueType.BOOLEAN), depth - 1));
                };
            case NUMBER ->
                switch (random.nextInt(6)) {
                    case 0 -> coalesce(random, type, depth);
                    case 1 ->
                        new RowArithmetic(
                                pick(random, ArithmeticOperator.values()),
                                rows(random, ValueType.NUMBER, depth - 1),
                                rows(random, ValueType.NUMBER, depth - 1));
                    case 2 -> new RowNegation(rows(random, ValueType.NUMBER, depth - 1));
                    case 3 ->
                        Trees.call(pick(random, RowFunction.HOUR_OF_DAY, RowFunction.DAY_OF_WEEK), new Timestamp());
                    case 4 -> Trees.call(RowFunction.NUMBER, rows(random, ValueType.TEXT, depth - 1));
                    default -> Trees.call(RowFunction.NUMBER, rows(random, ValueType.NUMBER, depth - 1));
                };
            case BOOLEAN ->
                random.nextBoolean()
                        ? coalesce(random, type, depth)
                        : Trees.call(RowFunction.BOOLEAN, rows(random, ValueType.BOOLEAN, depth - 1));
            case TIME, JSON -> throw new IllegalStateException(type.name());
        };
    }

    private static RowExpression rowLeaf(SplittableRandom random, ValueType type) {
        return switch (type) {
            case TEXT ->
                switch (random.nextInt(3)) {
                    case 0 -> new ColumnRef(pick(random, EventColumn.values()));
                    case 1 -> new TextLiteral(texts(random));
                    default -> conversion(random, RowFunction.TEXT);
                };
            case NUMBER ->
                switch (random.nextInt(3)) {
                    case 0 -> new Revenue();
                    case 1 -> new NumberLiteral(numbers(random));
                    default -> conversion(random, RowFunction.NUMBER);
                };
            case BOOLEAN ->
                random.nextBoolean()
                        ? new BooleanLiteral(random.nextBoolean())
                        : conversion(random, RowFunction.BOOLEAN);
            case TIME -> new Timestamp();
            case JSON -> throw new IllegalArgumentException("properties only appear converted");
        };
    }

    /** {@code coalesce} of two or three values of {@code type}. */
    private static RowExpression coalesce(SplittableRandom random, ValueType type, int depth) {
        int count = random.nextInt(2, 4);
        List<RowExpression> arguments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            arguments.add(rows(random, type, depth - 1));
        }
        return new Call(RowFunction.COALESCE, arguments);
    }

    private static RowExpression conversion(SplittableRandom random, RowFunction function) {
        return Trees.call(function, new PropertyRef(propertyKeys(random)));
    }

    /** A where clause: predicates combined by and, or and not, up to {@code depth} levels. */
    static Condition conditions(SplittableRandom random, int depth) {
        int choice = depth == 0 ? 0 : weighted(random, 2, 1, 1, 1);
        return switch (choice) {
            case 0 -> predicate(random);
            case 1 -> new Condition.And(conditions(random, depth - 1), conditions(random, depth - 1));
            case 2 -> new Condition.Or(conditions(random, depth - 1), conditions(random, depth - 1));
            default -> new Condition.Not(conditions(random, depth - 1));
        };
    }

    private static Condition predicate(SplittableRandom random) {
        return switch (random.nextInt(5)) {
            case 0 -> {
                ValueType type = comparableType(random);
                yield new Condition.Comparison(
                        rows(random, type, 1),
                        pick(random, ComparisonOperator.EQ, ComparisonOperator.NEQ),
                        rows(random, type, 1));
            }
            case 1 ->
                new Condition.Comparison(
                        rows(random, ValueType.NUMBER, 1),
                        pick(
                                random,
                                ComparisonOperator.LT,
                                ComparisonOperator.LTE,
                                ComparisonOperator.GT,
                                ComparisonOperator.GTE),
                        rows(random, ValueType.NUMBER, 1));
            case 2 -> {
                ValueType type = comparableType(random);
                RowExpression operand = rows(random, type, 1);
                int count = random.nextInt(1, 5);
                List<RowExpression.Literal> values = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    values.add(literals(random, type));
                }
                yield new Condition.InList(operand, values, random.nextBoolean());
            }
            case 3 -> new Condition.IsNull(rows(random, comparableType(random), 1), random.nextBoolean());
            default -> new Condition.Contains(rows(random, ValueType.TEXT, 1), rows(random, ValueType.TEXT, 1));
        };
    }

    private static RowExpression.Literal literals(SplittableRandom random, ValueType type) {
        return switch (type) {
            case TEXT -> new TextLiteral(texts(random));
            case NUMBER -> new NumberLiteral(numbers(random));
            case BOOLEAN -> new BooleanLiteral(random.nextBoolean());
            default -> throw new IllegalArgumentException(type.name());
        };
    }

    /** The types that compare, group and count: text, number, boolean. */
    static ValueType comparableType(SplittableRandom random) {
        return pick(random, ValueType.TEXT, ValueType.NUMBER, ValueType.BOOLEAN);
    }

    // ---- choosing

    @SafeVarargs
    static <T> T pick(SplittableRandom random, T... options) {
        return options[random.nextInt(options.length)];
    }

    static <T> T pick(SplittableRandom random, List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static double pickNumber(SplittableRandom random, double... options) {
        return options[random.nextInt(options.length)];
    }

    /** An index into {@code weights}, each index as likely as its weight. */
    static int weighted(SplittableRandom random, int... weights) {
        int roll = random.nextInt(IntStream.of(weights).sum());
        for (int i = 0; i < weights.length; i++) {
            roll -= weights[i];
            if (roll < 0) {
                return i;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** The text as a Java literal would spell it, shortened, so a failure message shows invisible characters. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder("\"");
        int shown = Math.min(text.length(), 300);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                escaped.append('\\').append(c);
            } else if (c >= ' ' && c <= '~') {
                escaped.append(c);
            } else {
                escaped.append(String.format("\\u%04x", (int) c));
            }
        }
        escaped.append('"');
        return shown < text.length() ? escaped + "... (" + text.length() + " characters)" : escaped.toString();
    }
}
