package io.eventlens.core.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.eventlens.core.expression.ExpressionSamples.Sample;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever the text, every entry point answers with a tree or an {@link ExpressionException}: never another
 * exception, never a StackOverflowError, never a hang. Random cases come from fixed seeds, so a failure names a
 * case that reproduces.
 */
class HostileInputPropertyTests {

    private static final long SEED = 0x686f_7374_696c_6521L;

    private static final ExpressionResolver RESOLVER = new ExpressionResolver(ExpressionLimits.defaults());
    /** Long texts reach the depth and node bounds instead of stopping at the length bound. */
    private static final ExpressionResolver ROOMY =
            new ExpressionResolver(new ExpressionLimits(1_000_000, 32, 500, 1_000, 5_000, 16));

    private static final MetricDefinitions DEFINITIONS = MetricDefinitions.of(Map.of(
            "purchases", "count() where type = 'purchase'", "loop", "loop + 1", "arpu", "revenue / uniqueUsers"));

    private static final List<String> FRAGMENTS = List.of(
            "count()",
            "uniq(",
            "sum(",
            "quantile(0.5,",
            "where",
            " and ",
            " or ",
            "not ",
            " in (",
            ")",
            "(",
            ",",
            "'",
            "''",
            "\"",
            "`",
            "--",
            "/*",
            "*/",
            ";",
            "+",
            "-",
            "*",
            "/",
            "=",
            "!=",
            "<>",
            "<",
            ">=",
            "is null",
            "is not null",
            "contains",
            "properties.",
            "properties.\"",
            "revenue",
            "timestamp",
            "country",
            "userId",
            "purchases",
            "loop",
            "arpu",
            "true",
            "false",
            "null",
            "1e999999",
            "1e-999999",
            "-",
            "0.5",
            "42",
            "1.",
            ".5",
            "NaN",
            "Infinity",
            "\u0000",
            "\u202e",
            "\u200b",
            "\ufeff",
            "\ud800",
            "\udc00",
            "👍",
            "é",
            "\u00a0",
            "\n",
            " ",
            "lower(",
            "coalesce(",
            "url_host(",
            "hour_of_day(",
            "number(",
            "text(",
            "boolean(",
            "x".repeat(300),
            "9".repeat(400));

    @ParameterizedTest(name = "{0}")
    @MethodSource("soup")
    void tokenSoupGivesATreeOrAnExpressionException(Sample<String> sample) {
        answersCleanly(sample.value(), sample.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unicode")
    void arbitraryUnicodeGivesATreeOrAnExpressionException(Sample<String> sample) {
        answersCleanly(sample.value(), sample.toString());
    }

    /** Up to 40 fragments of the language and of attacks on it, run together. */
    static Stream<Sample<String>> soup() {
        return ExpressionSamples.samples(SEED, 3000, HostileInputPropertyTests::tokenSoup);
    }

    private static String tokenSoup(SplittableRandom random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(41); i > 0; i--) {
            text.append(ExpressionSamples.pick(random, FRAGMENTS));
        }
        return text.toString();
    }

    /** Up to 300 UTF-16 units of anything, lone surrogates, NUL, RTL and zero-width characters included. */
    static Stream<Sample<String>> unicode() {
        return ExpressionSamples.samples(SEED + 1, 2000, random -> ExpressionSamples.anyString(random, 300));
    }

    static List<String> extremes() {
        return List.of(
                "(".repeat(10_000) + "count()" + ")".repeat(10_000),
                "(".repeat(10_000),
                ")".repeat(10_000),
                "count() where " + "(".repeat(10_000) + "type = 'a'" + ")".repeat(10_000),
                "- ".repeat(10_000) + "count()",
                "count() where " + "not ".repeat(10_000) + "type = 'a'",
                "sum(" + "lower(".repeat(5_000) + "page" + ")".repeat(5_000) + ")",
                "count()" + " + count()".repeat(5_000),
                "count() where " + "type = 'a' or ".repeat(3_000) + "type = 'b'",
                "1e999999",
                "sum(revenue) * 1e" + "9".repeat(1_500),
                "0." + "0".repeat(1_900) + "1",
                "9".repeat(1_990),
                "x".repeat(1_999),
                "x".repeat(100_000),
                "uniq(properties." + "k".repeat(1_990) + ")",
                "count() where type = '" + "'".repeat(1_999),
                "count() where type = '" + "''".repeat(900) + "'",
                "\u0000".repeat(100),
                "\ud800".repeat(100),
                "\u202e\u200b\ufeff".repeat(100),
                "count() where type = '" + "\ud83d\udc4d".repeat(500) + "'");
    }

    @ParameterizedTest
    @MethodSource("extremes")
    void extremeTextsAnswerCleanly(String text) {
        answersCleanly(text, "extreme text");
    }

    @Test
    void tenThousandParenthesesAreTooComplexNotAStackOverflow() {
        String text = "(".repeat(10_000) + "count()" + ")".repeat(10_000);
        ExpressionParser roomy = new ExpressionParser(new ExpressionLimits(1_000_000, 32, 500, 1000, 5000, 16));
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
                                ExpressionException.class, () -> roomy.metric(text))
                        .code())
                .isEqualTo(ExpressionException.Code.TOO_COMPLEX);
    }

    private static void answersCleanly(String text, String what) {
        String described = what + ": " + ExpressionSamples.escape(text);
        assertTimeoutPreemptively(
                Duration.ofSeconds(2),
                () -> {
                    for (Function<String, ?> entry : List.<Function<String, ?>>of(
                            t -> RESOLVER.metric(t, DEFINITIONS),
                            t -> RESOLVER.metric("fresh", t, DEFINITIONS),
                            RESOLVER::dimension,
                            RESOLVER::condition,
                            t -> ROOMY.metric(t, DEFINITIONS),
                            ROOMY::dimension)) {
                        Object tree;
                        try {
                            tree = entry.apply(text);
                        } catch (ExpressionException e) {
                            assertThat(e.getMessage()).as(described).isNotBlank();
                            assertThat(e.position()).as(described).isBetween(0, text.length() + 1);
                            continue;
                        } catch (RuntimeException | StackOverflowError e) {
                            throw new AssertionError(described + ": threw " + e, e);
                        }
                        assertThat(tree).as(described).isNotNull();
                        String printed = switch (tree) {
                            case ResolvedMetric m -> ExpressionPrinter.print(m.expression());
                            case ResolvedDimension d -> ExpressionPrinter.print(d.expression());
                            case Condition c -> ExpressionPrinter.print(c);
                            default -> throw new AssertionError(described + ": " + tree);
                        };
                        assertThat(printed).as(described).isNotBlank();
                    }
                },
                () -> what + ": no answer within 2 s for a text of " + text.length() + " characters");
    }
}
