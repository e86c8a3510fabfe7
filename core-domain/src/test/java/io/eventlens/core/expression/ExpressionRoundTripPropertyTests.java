package io.eventlens.core.expression;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.expression.ExpressionSamples.Sample;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Printing a tree and parsing the text gives the same tree, for random trees of every construct. Cases come from
 * fixed seeds, so a failure names a case that reproduces.
 */
class ExpressionRoundTripPropertyTests {

    private static final long SEED = 0x6576_6e74_6c65_6e73L;
    private static final int CASES = 1000;

    /** Roomy bounds: this checks printing and parsing, not the limits. */
    private final ExpressionParser parser =
            new ExpressionParser(new ExpressionLimits(1_000_000, 200, 100_000, 1_000, 100_000, 16));

    @ParameterizedTest(name = "{0}")
    @MethodSource("metrics")
    void metricsSurviveThePrinter(Sample<MetricExpression> sample) {
        String text = ExpressionPrinter.print(sample.value());
        MetricExpression parsed = parse(sample, text, parser::metric);
        assertThat(parsed).as("%s: %s", sample, text).isEqualTo(sample.value());
        assertThat(ExpressionPrinter.print(parsed)).as("%s: %s", sample, text).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dimensions")
    void dimensionsSurviveThePrinter(Sample<RowExpression> sample) {
        String text = ExpressionPrinter.print(sample.value());
        assertThat(parse(sample, text, parser::dimension))
                .as("%s: %s", sample, text)
                .isEqualTo(sample.value());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditions")
    void conditionsSurviveThePrinter(Sample<Condition> sample) {
        String text = ExpressionPrinter.print(sample.value());
        assertThat(parse(sample, text, parser::condition))
                .as("%s: %s", sample, text)
                .isEqualTo(sample.value());
    }

    static Stream<Sample<MetricExpression>> metrics() {
        // A metric needs an aggregate or a reference somewhere; a lone literal gets one added.
        return ExpressionSamples.samples(SEED, CASES, random -> {
            MetricExpression metric = ExpressionSamples.metrics(random, 3);
            return aggregatesOrRefers(metric)
                    ? metric
                    : new MetricExpression.Arithmetic(ArithmeticOperator.MULTIPLY, metric, Trees.count(null));
        });
    }

    private static boolean aggregatesOrRefers(MetricExpression metric) {
        return switch (metric) {
            case MetricExpression.Arithmetic a -> aggregatesOrRefers(a.left()) || aggregatesOrRefers(a.right());
            case MetricExpression.Negation n -> aggregatesOrRefers(n.operand());
            case NumberLiteral n -> false;
            default -> true;
        };
    }

    static Stream<Sample<RowExpression>> dimensions() {
        return ExpressionSamples.samples(
                SEED + 1, CASES, random -> ExpressionSamples.rows(random, ExpressionSamples.comparableType(random), 3));
    }

    static Stream<Sample<Condition>> conditions() {
        return ExpressionSamples.samples(SEED + 2, CASES, random -> ExpressionSamples.conditions(random, 3));
    }

    /** The parsed text, or a failure naming the case when the printer wrote text the parser refuses. */
    private static <T> T parse(Sample<?> sample, String text, Function<String, T> parse) {
        try {
            return parse.apply(text);
        } catch (ExpressionException e) {
            throw new AssertionError(sample + ": the printed text does not parse: " + text, e);
        }
    }
}
