package io.eventlens.core.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventlens.core.event.EventColumn;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The walk every engine's compiler shares: which hook each node reaches, so an engine only writes its dialect. The
 * walker under test writes each hook as {@code hook(arguments)}.
 */
class ExpressionWalkerTests {

    private final ExpressionParser parser = new ExpressionParser(ExpressionLimits.defaults());
    private final Printer printer = new Printer();

    @Test
    void notEqualIsTheNegationOfEqualSoItMatchesANullSide() {
        assertThat(printer.condition(parser.condition("country != 'DE'")))
                .isEqualTo("not(compare(=, column(country), text(DE)))");
    }

    @Test
    void notInIsTheNegationOfIn() {
        assertThat(printer.condition(parser.condition("country not in ('DE', 'FR')")))
                .isEqualTo("not(in(column(country), [text(DE), text(FR)]))");
    }

    @Test
    void connectivesAndNullTestsKeepTheirShape() {
        assertThat(printer.condition(parser.condition("not (country is null or page is not null) and true = true")))
                .isEqualTo("and(not(or(isNull(column(country), false), isNull(column(page), true))),"
                        + " compare(=, bool(true), bool(true)))");
    }

    @Test
    void aPropertyCompilesWithItsConversion() {
        assertThat(printer.condition(parser.condition("properties.ms >= 1500")))
                .isEqualTo("compare(>=, property(NUMBER, ms), number(1500.0))");
    }

    @Test
    void numberParsesTextOnly() {
        assertThat(printer.condition(parser.condition("number(country) > 1")))
                .isEqualTo("compare(>, parseNumber(column(country)), number(1.0))");
        assertThat(printer.condition(parser.condition("number(revenue) > 1")))
                .isEqualTo("compare(>, revenue(), number(1.0))");
    }

    @Test
    void textShowsNumbersAndBooleansAsText() {
        assertThat(printer.row(parser.dimension("text(revenue * 2)")))
                .isEqualTo("numberText(rowArithmetic(*, revenue(), number(2.0)))");
        assertThat(printer.row(parser.dimension("text(boolean(properties.trial))")))
                .isEqualTo("booleanText(property(BOOLEAN, trial))");
        assertThat(printer.row(parser.dimension("text(country)"))).isEqualTo("column(country)");
    }

    @Test
    void dimensionsShowTheirValueAsText() {
        assertThat(printer.dimensionText(parser.dimension("hour_of_day(timestamp)"), ValueType.NUMBER))
                .isEqualTo("numberText(hourOfDay(timestamp()))");
        assertThat(printer.dimensionText(parser.dimension("lower(page)"), ValueType.TEXT))
                .isEqualTo("lower(column(page))");
        assertThatThrownBy(() -> printer.dimensionText(new RowExpression.Timestamp(), ValueType.TIME))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void metricsWalkAggregatesAndArithmetic() {
        assertThat(printer.metric(parser.metric("-(sum(revenue) / (count() where country = 'DE'))")))
                .isEqualTo("negation(metricArithmetic(/, aggregate(SUM), aggregate(COUNT)))");
    }

    @Test
    void typesAreThoseTheParserGave() {
        assertThat(ExpressionWalker.typeOf(parser.dimension("coalesce(country, page)")))
                .isEqualTo(ValueType.TEXT);
        assertThat(ExpressionWalker.typeOf(parser.dimension("day_of_week(timestamp)")))
                .isEqualTo(ValueType.NUMBER);
        assertThat(ExpressionWalker.typeOf(new RowExpression.PropertyRef("plan")))
                .isEqualTo(ValueType.JSON);
        assertThat(ExpressionWalker.typeOf(new RowExpression.Timestamp())).isEqualTo(ValueType.TIME);
    }

    /** Writes every hook as its name and arguments. */
    private static final class Printer extends ExpressionWalker<String> {

        private static String call(String hook, Object... arguments) {
            return hook + "("
                    + String.join(
                            ", ",
                            java.util.Arrays.stream(arguments)
                                    .map(String::valueOf)
                                    .toList()) + ")";
        }

        @Override
        protected String number(double value) {
            return call("number", value);
        }

        @Override
        protected String negation(String operand) {
            return call("negation", operand);
        }

        @Override
        protected String metricArithmetic(ArithmeticOperator operator, String left, String right) {
            return call("metricArithmetic", operator.symbol(), left, right);
        }

        @Override
        protected String aggregate(MetricExpression.Aggregate aggregate) {
            return call("aggregate", aggregate.function());
        }

        @Override
        protected String column(EventColumn column) {
            return call("column", column.storedName());
        }

        @Override
        protected String revenue() {
            return call("revenue");
        }

        @Override
        protected String timestamp() {
            return call("timestamp");
        }

        @Override
        protected String text(String value) {
            return call("text", value);
        }

        @Override
        protected String bool(boolean value) {
            return call("bool", value);
        }

        @Override
        protected String rowArithmetic(ArithmeticOperator operator, String left, String right) {
            return call("rowArithmetic", operator.symbol(), left, right);
        }

        @Override
        protected String property(RowFunction conversion, String key) {
            return call("property", conversion, key);
        }

        @Override
        protected String lower(String text) {
            return call("lower", text);
        }

        @Override
        protected String upper(String text) {
            return call("upper", text);
        }

        @Override
        protected String coalesce(List<String> values) {
            return call("coalesce", values);
        }

        @Override
        protected String urlHost(String text) {
            return call("urlHost", text);
        }

        @Override
        protected String urlPath(String text) {
            return call("urlPath", text);
        }

        @Override
        protected String hourOfDay(String timestamp) {
            return call("hourOfDay", timestamp);
        }

        @Override
        protected String dayOfWeek(String timestamp) {
            return call("dayOfWeek", timestamp);
        }

        @Override
        protected String parseNumber(String text) {
            return call("parseNumber", text);
        }

        @Override
        protected String numberText(String number) {
            return call("numberText", number);
        }

        @Override
        protected String booleanText(String value) {
            return call("booleanText", value);
        }

        @Override
        protected String and(String left, String right) {
            return call("and", left, right);
        }

        @Override
        protected String or(String left, String right) {
            return call("or", left, right);
        }

        @Override
        protected String not(String operand) {
            return call("not", operand);
        }

        @Override
        protected String isNull(String operand, boolean negated) {
            return call("isNull", operand, negated);
        }

        @Override
        protected String contains(String text, String part) {
            return call("contains", text, part);
        }

        @Override
        protected String in(String operand, List<String> values) {
            return call("in", operand, values);
        }

        @Override
        protected String comparison(ComparisonOperator operator, String left, String right) {
            return call("compare", operator.symbol(), left, right);
        }
    }
}
