package io.eventlens.core.expression;

import static io.eventlens.core.expression.Trees.aggregate;
import static io.eventlens.core.expression.Trees.arithmetic;
import static io.eventlens.core.expression.Trees.booleanOf;
import static io.eventlens.core.expression.Trees.call;
import static io.eventlens.core.expression.Trees.column;
import static io.eventlens.core.expression.Trees.compare;
import static io.eventlens.core.expression.Trees.count;
import static io.eventlens.core.expression.Trees.equal;
import static io.eventlens.core.expression.Trees.number;
import static io.eventlens.core.expression.Trees.numberOf;
import static io.eventlens.core.expression.Trees.ref;
import static io.eventlens.core.expression.Trees.text;
import static io.eventlens.core.expression.Trees.textOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.event.EventColumn;
import io.eventlens.core.expression.Condition.And;
import io.eventlens.core.expression.Condition.Contains;
import io.eventlens.core.expression.Condition.InList;
import io.eventlens.core.expression.Condition.IsNull;
import io.eventlens.core.expression.Condition.Not;
import io.eventlens.core.expression.Condition.Or;
import io.eventlens.core.expression.MetricExpression.Aggregate;
import io.eventlens.core.expression.MetricExpression.Negation;
import io.eventlens.core.expression.RowExpression.BooleanLiteral;
import io.eventlens.core.expression.RowExpression.PropertyRef;
import io.eventlens.core.expression.RowExpression.Revenue;
import io.eventlens.core.expression.RowExpression.RowArithmetic;
import io.eventlens.core.expression.RowExpression.RowNegation;
import io.eventlens.core.expression.RowExpression.Timestamp;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Each construct of the language parses to the tree its documentation describes. */
class ExpressionParserTests {

    private final ExpressionParser parser = new ExpressionParser(ExpressionLimits.defaults());

    @Nested
    class Aggregates {

        @Test
        void countTakesNoArgument() {
            assertThat(parser.metric("count()")).isEqualTo(count(null));
        }

        @ParameterizedTest
        @EnumSource(
                value = AggregateFunction.class,
                names = {"SUM", "AVG", "MIN", "MAX"})
        void numericAggregatesTakeANumber(AggregateFunction function) {
            assertThat(parser.metric(function.functionName() + "(revenue)"))
                    .isEqualTo(aggregate(function, new Revenue(), null));
        }

        @Test
        void uniqTakesTextNumbersAndBooleans() {
            assertThat(parser.metric("uniq(userId)"))
                    .isEqualTo(aggregate(AggregateFunction.UNIQ, column(EventColumn.USER_ID), null));
            assertThat(parser.metric("uniq(revenue)"))
                    .isEqualTo(aggregate(AggregateFunction.UNIQ, new Revenue(), null));
            assertThat(parser.metric("uniq(properties.flag)"))
                    .as("a property is counted by its text")
                    .isEqualTo(aggregate(AggregateFunction.UNIQ, textOf("flag"), null));
        }

        @Test
        void quantileTakesALevelAndANumber() {
            assertThat(parser.metric("quantile(0.95, properties.duration_ms)"))
                    .isEqualTo(new Aggregate(AggregateFunction.QUANTILE, 0.95, numberOf("duration_ms"), null));
            assertThat(parser.metric("quantile(0, revenue)"))
                    .isEqualTo(new Aggregate(AggregateFunction.QUANTILE, 0.0, new Revenue(), null));
            assertThat(parser.metric("quantile(1, revenue)"))
                    .isEqualTo(new Aggregate(AggregateFunction.QUANTILE, 1.0, new Revenue(), null));
        }

        @Test
        void aWhereClauseFiltersTheAggregate() {
            assertThat(parser.metric("count() where type = 'purchase'"))
                    .isEqualTo(count(equal(column(EventColumn.TYPE), text("purchase"))));
            assertThat(parser.metric("uniq(userId) where properties.plan in ('pro','team')"))
                    .isEqualTo(aggregate(
                            AggregateFunction.UNIQ,
                            column(EventColumn.USER_ID),
                            new InList(textOf("plan"), List.of(text("pro"), text("team")), false)));
        }

        @Test
        void aggregatesAndKeywordsIgnoreCase() {
            assertThat(parser.metric("COUNT() WHERE type = 'a' AND NOT country IS NULL"))
                    .isEqualTo(parser.metric("count() where type = 'a' and not country is null"));
            assertThat(parser.metric("Sum(revenue)")).isEqualTo(parser.metric("sum(revenue)"));
        }
    }

    @Nested
    class MetricArithmetic {

        @Test
        void outsideAnAggregateANameIsAMetric() {
            assertThat(parser.metric("revenue / uniqueUsers"))
                    .isEqualTo(arithmetic(ref("revenue"), ArithmeticOperator.DIVIDE, ref("uniqueUsers")));
        }

        @Test
        void productsBindTighterThanSumsAndBothAssociateLeft() {
            assertThat(parser.metric("a - b - c * d / e"))
                    .isEqualTo(arithmetic(
                            arithmetic(ref("a"), ArithmeticOperator.SUBTRACT, ref("b")),
                            ArithmeticOperator.SUBTRACT,
                            arithmetic(
                                    arithmetic(ref("c"), ArithmeticOperator.MULTIPLY, ref("d")),
                                    ArithmeticOperator.DIVIDE,
                                    ref("e"))));
            assertThat(parser.metric("a - (b - c)"))
                    .isEqualTo(arithmetic(
                            ref("a"),
                            ArithmeticOperator.SUBTRACT,
                            arithmetic(ref("b"), ArithmeticOperator.SUBTRACT, ref("c"))));
        }

        @Test
        void unaryMinusNegatesAndFoldsIntoNumbers() {
            assertThat(parser.metric("-count()")).isEqualTo(new Negation(count(null)));
            assertThat(parser.metric("count() * -2"))
                    .isEqualTo(arithmetic(count(null), ArithmeticOperator.MULTIPLY, number(-2)));
            assertThat(parser.metric("-(2) * count()"))
                    .isEqualTo(arithmetic(new Negation(number(2)), ArithmeticOperator.MULTIPLY, count(null)));
            assertThat(parser.metric("- - count()")).isEqualTo(new Negation(new Negation(count(null))));
        }

        @Test
        void aFilteredAggregateInParenthesesCombinesWithOthers() {
            assertThat(parser.metric("(count() where type = 'purchase') / count()"))
                    .isEqualTo(arithmetic(
                            count(equal(column(EventColumn.TYPE), text("purchase"))),
                            ArithmeticOperator.DIVIDE,
                            count(null)));
        }

        @Test
        void aWhereClauseRunsToTheEndOfTheExpression() {
            assertThat(parser.metric("count() / count() where type = 'a' or type = 'b'"))
                    .isEqualTo(arithmetic(
                            count(null),
                            ArithmeticOperator.DIVIDE,
                            count(new Or(
                                    equal(column(EventColumn.TYPE), text("a")),
                                    equal(column(EventColumn.TYPE), text("b"))))));
        }
    }

    @Nested
    class Values {

        @ParameterizedTest
        @EnumSource(EventColumn.class)
        void everyTextColumnIsText(EventColumn column) {
            assertThat(parser.dimension(column.publicName())).isEqualTo(column(column));
        }

        @Test
        void revenueIsANumberAndTimestampATime() {
            assertThat(parser.metric("sum(revenue)")).isEqualTo(aggregate(AggregateFunction.SUM, new Revenue(), null));
            assertThat(parser.dimension("hour_of_day(timestamp)"))
                    .isEqualTo(call(RowFunction.HOUR_OF_DAY, new Timestamp()));
            assertThat(parser.dimension("day_of_week(timestamp)"))
                    .isEqualTo(call(RowFunction.DAY_OF_WEEK, new Timestamp()));
        }

        @Test
        void aPropertyIsConvertedToWhatItsUseNeeds() {
            assertThat(parser.dimension("properties.plan")).isEqualTo(textOf("plan"));
            assertThat(parser.metric("sum(properties.amount)"))
                    .isEqualTo(aggregate(AggregateFunction.SUM, numberOf("amount"), null));
            assertThat(parser.dimension("lower(properties.plan)")).isEqualTo(call(RowFunction.LOWER, textOf("plan")));
            assertThat(parser.dimension("properties.a * 2"))
                    .isEqualTo(new RowArithmetic(ArithmeticOperator.MULTIPLY, numberOf("a"), number(2)));
            assertThat(parser.condition("properties.trial = true"))
                    .isEqualTo(equal(booleanOf("trial"), new BooleanLiteral(true)));
            assertThat(parser.condition("properties.a = properties.b"))
                    .as("two properties compare as text")
                    .isEqualTo(equal(textOf("a"), textOf("b")));
        }

        @Test
        void explicitConversionsAreKeptAndNotDoubled() {
            assertThat(parser.dimension("number(properties.x)")).isEqualTo(numberOf("x"));
            assertThat(parser.dimension("text(properties.x)")).isEqualTo(textOf("x"));
            assertThat(parser.dimension("boolean(properties.x)")).isEqualTo(booleanOf("x"));
            assertThat(parser.dimension("number(text(properties.x))")).isEqualTo(call(RowFunction.NUMBER, textOf("x")));
            assertThat(parser.dimension("text(revenue)")).isEqualTo(call(RowFunction.TEXT, new Revenue()));
        }

        @Test
        void propertyKeysCanBeQuoted() {
            assertThat(parser.dimension("properties.\"my key\"")).isEqualTo(textOf("my key"));
            assertThat(parser.dimension("properties.\"say \"\"hi\"\"\"")).isEqualTo(textOf("say \"hi\""));
            assertThat(parser.dimension("properties.\"a.b\"")).isEqualTo(textOf("a.b"));
            assertThat(parser.dimension("properties.2fa")).isEqualTo(textOf("2fa"));
            assertThat(parser.dimension("properties.where"))
                    .as("keywords are fine as keys")
                    .isEqualTo(textOf("where"));
        }

        @Test
        void coalesceTakesTheTypeOfItsTypedArguments() {
            assertThat(parser.dimension("coalesce(properties.plan, 'free')"))
                    .isEqualTo(call(RowFunction.COALESCE, textOf("plan"), text("free")));
            assertThat(parser.metric("avg(coalesce(properties.a, properties.b, 0))"))
                    .isEqualTo(aggregate(
                            AggregateFunction.AVG,
                            call(RowFunction.COALESCE, numberOf("a"), numberOf("b"), number(0)),
                            null));
            assertThat(parser.dimension("coalesce(properties.a, properties.b)"))
                    .as("only properties: text")
                    .isEqualTo(call(RowFunction.COALESCE, textOf("a"), textOf("b")));
            assertThat(parser.condition("coalesce(properties.a, properties.b) > 1"))
                    .isEqualTo(compare(
                            call(RowFunction.COALESCE, numberOf("a"), numberOf("b")),
                            ComparisonOperator.GT,
                            number(1)));
        }

        @Test
        void urlFunctionsAndCaseFunctionsTakeText() {
            for (RowFunction function :
                    List.of(RowFunction.LOWER, RowFunction.UPPER, RowFunction.URL_HOST, RowFunction.URL_PATH)) {
                assertThat(parser.dimension(function.functionName() + "(referrer)"))
                        .isEqualTo(call(function, column(EventColumn.REFERRER)));
            }
        }

        @Test
        void rowArithmeticAndNegationWorkOnNumbers() {
            assertThat(parser.metric("sum(revenue * 0.9)"))
                    .isEqualTo(aggregate(
                            AggregateFunction.SUM,
                            new RowArithmetic(ArithmeticOperator.MULTIPLY, new Revenue(), number(0.9)),
                            null));
            assertThat(parser.dimension("-revenue")).isEqualTo(new RowNegation(new Revenue()));
            assertThat(parser.dimension("-(1)")).isEqualTo(new RowNegation(number(1)));
        }

        @Test
        void functionNamesIgnoreCase() {
            assertThat(parser.dimension("URL_HOST(page)")).isEqualTo(parser.dimension("url_host(page)"));
        }
    }

    @Nested
    class Conditions {

        @ParameterizedTest
        @CsvSource({"=,EQ", "!=,NEQ", "<>,NEQ", "<,LT", "<=,LTE", ">,GT", ">=,GTE"})
        void comparisonOperators(String symbol, ComparisonOperator operator) {
            assertThat(parser.condition("revenue " + symbol + " 10"))
                    .isEqualTo(compare(new Revenue(), operator, number(10)));
        }

        @Test
        void orderingComparesPropertiesAsNumbers() {
            assertThat(parser.condition("properties.duration_ms >= 1500"))
                    .isEqualTo(compare(numberOf("duration_ms"), ComparisonOperator.GTE, number(1500)));
        }

        @Test
        void aPropertyEqualToANumberIsComparedAsANumberAndToTextAsText() {
            assertThat(parser.condition("properties.level = 3")).isEqualTo(equal(numberOf("level"), number(3)));
            assertThat(parser.condition("properties.level = '3'")).isEqualTo(equal(textOf("level"), text("3")));
        }

        @Test
        void inListsAndTheirNegation() {
            assertThat(parser.condition("country in ('DE', 'AT')"))
                    .isEqualTo(new InList(column(EventColumn.COUNTRY), List.of(text("DE"), text("AT")), false));
            assertThat(parser.condition("country not in ('DE')"))
                    .isEqualTo(new InList(column(EventColumn.COUNTRY), List.of(text("DE")), true));
            assertThat(parser.condition("properties.tier in (1, 2, -3)"))
                    .isEqualTo(new InList(numberOf("tier"), List.of(number(1), number(2), number(-3)), false));
        }

        @Test
        void nullTests() {
            assertThat(parser.condition("userId is null")).isEqualTo(new IsNull(column(EventColumn.USER_ID), false));
            assertThat(parser.condition("properties.coupon is not null")).isEqualTo(new IsNull(textOf("coupon"), true));
        }

        @Test
        void containsTakesText() {
            assertThat(parser.condition("page contains 'pricing'"))
                    .isEqualTo(new Contains(column(EventColumn.PAGE), text("pricing")));
        }

        @Test
        void notBindsTighterThanAndWhichBindsTighterThanOr() {
            Condition a = equal(column(EventColumn.TYPE), text("a"));
            Condition b = equal(column(EventColumn.TYPE), text("b"));
            Condition c = equal(column(EventColumn.TYPE), text("c"));
            assertThat(parser.condition("type = 'a' or not type = 'b' and type = 'c'"))
                    .isEqualTo(new Or(a, new And(new Not(b), c)));
            assertThat(parser.condition("(type = 'a' or type = 'b') and type = 'c'"))
                    .isEqualTo(new And(new Or(a, b), c));
        }

        @Test
        void parenthesesAroundValuesAndAroundConditionsBothWork() {
            assertThat(parser.condition("(revenue * 2) > 10 and (country = 'DE')"))
                    .isEqualTo(new And(
                            compare(
                                    new RowArithmetic(ArithmeticOperator.MULTIPLY, new Revenue(), number(2)),
                                    ComparisonOperator.GT,
                                    number(10)),
                            equal(column(EventColumn.COUNTRY), text("DE"))));
        }
    }

    @Nested
    class Literals {

        @Test
        void textLiteralsUnescapeDoubledQuotesAndKeepEverythingElse() {
            assertThat(parser.condition("type = 'it''s'")).isEqualTo(equal(column(EventColumn.TYPE), text("it's")));
            assertThat(parser.condition("type = ''")).isEqualTo(equal(column(EventColumn.TYPE), text("")));
            assertThat(parser.condition("type = 'a\\nb -- /* x */; \"q\"'"))
                    .isEqualTo(equal(column(EventColumn.TYPE), text("a\\nb -- /* x */; \"q\"")));
        }

        @Test
        void numbersInAllTheirForms() {
            assertThat(parser.dimension("42")).isEqualTo(number(42));
            assertThat(parser.dimension("0.5")).isEqualTo(number(0.5));
            assertThat(parser.dimension("1e6")).isEqualTo(number(1e6));
            assertThat(parser.dimension("2.5E-3")).isEqualTo(number(0.0025));
            assertThat(parser.dimension("1.7976931348623157e308")).isEqualTo(number(Double.MAX_VALUE));
            assertThat(parser.dimension("-0")).isEqualTo(number(0));
        }

        @Test
        void booleans() {
            assertThat(parser.condition("properties.x = FALSE"))
                    .isEqualTo(equal(booleanOf("x"), new BooleanLiteral(false)));
        }

        @Test
        void blanksAreFreeform() {
            assertThat(parser.metric(" \tcount( )\n where\r\ntype='a' "))
                    .isEqualTo(parser.metric("count() where type = 'a'"));
        }
    }

    @Test
    void aPropertyRefOnlyEverAppearsUnderAConversion() {
        assertThat(parser.dimension("coalesce(upper(properties.a), properties.b)"))
                .isEqualTo(call(RowFunction.COALESCE, call(RowFunction.UPPER, textOf("a")), textOf("b")));
        assertThat(parser.condition("properties.a is null")).isEqualTo(new IsNull(textOf("a"), false));
        assertThat(textOf("a").arguments()).containsExactly(new PropertyRef("a"));
    }
}
