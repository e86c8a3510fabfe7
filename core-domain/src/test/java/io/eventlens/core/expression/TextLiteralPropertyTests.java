package io.eventlens.core.expression;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.event.EventColumn;
import io.eventlens.core.expression.ExpressionSamples.Sample;
import io.eventlens.core.expression.RowExpression.PropertyRef;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Text literals and property keys are data: the tree holds exactly the value the user quoted, with no escaping
 * artefacts, ready to be bound as a query parameter. Cases come from fixed seeds, so a failure names a case that
 * reproduces.
 */
class TextLiteralPropertyTests {

    private static final long SEED = 0x7465_7874_6c69_7427L;
    private static final int CASES = 2000;

    private final ExpressionParser parser =
            new ExpressionParser(new ExpressionLimits(100_000, 32, 500, 1000, 5000, 16));

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void aQuotedTextIsHeldExactly(Sample<String> sample) {
        String value = sample.value();
        String quoted = "'" + value.replace("'", "''") + "'";
        String what = sample + ": " + ExpressionSamples.escape(value);

        try {
            assertThat(parser.condition("type = " + quoted))
                    .as(what)
                    .isEqualTo(new Condition.Comparison(
                            new RowExpression.ColumnRef(EventColumn.TYPE),
                            ComparisonOperator.EQ,
                            new RowExpression.TextLiteral(value)));
            assertThat(parser.condition("page in (" + quoted + ", " + quoted + ")"))
                    .as(what)
                    .isEqualTo(new Condition.InList(
                            new RowExpression.ColumnRef(EventColumn.PAGE),
                            List.of(new RowExpression.TextLiteral(value), new RowExpression.TextLiteral(value)),
                            false));
            assertThat(parser.dimension("coalesce(referrer, " + quoted + ")"))
                    .as(what)
                    .isEqualTo(Trees.call(
                            RowFunction.COALESCE,
                            new RowExpression.ColumnRef(EventColumn.REFERRER),
                            new RowExpression.TextLiteral(value)));
        } catch (ExpressionException e) {
            throw new AssertionError(what + ": refused", e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keys")
    void aQuotedPropertyKeyIsHeldExactly(Sample<String> sample) {
        String key = sample.value();
        String quoted = "properties.\"" + key.replace("\"", "\"\"") + "\"";
        String what = sample + ": " + ExpressionSamples.escape(key);

        try {
            assertThat(parser.dimension(quoted)).as(what).isEqualTo(Trees.call(RowFunction.TEXT, new PropertyRef(key)));
            assertThat(parser.metric("sum(" + quoted + ")"))
                    .as(what)
                    .isEqualTo(Trees.aggregate(
                            AggregateFunction.SUM, Trees.call(RowFunction.NUMBER, new PropertyRef(key)), null));
        } catch (ExpressionException e) {
            throw new AssertionError(what + ": refused", e);
        }
    }

    static Stream<Sample<String>> texts() {
        return ExpressionSamples.samples(SEED, CASES, ExpressionSamples::texts);
    }

    static Stream<Sample<String>> keys() {
        return ExpressionSamples.samples(SEED + 1, CASES, ExpressionSamples::propertyKeys);
    }
}
