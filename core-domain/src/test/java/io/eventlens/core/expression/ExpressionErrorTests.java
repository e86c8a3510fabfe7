package io.eventlens.core.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.eventlens.core.expression.ExpressionException.Code;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every refusal names its code, points at the offending place and says what to write instead. */
class ExpressionErrorTests {

    private static final ExpressionParser PARSER = new ExpressionParser(ExpressionLimits.defaults());

    /** Metric expressions that are refused: text, code, 1-based position, words the message must contain. */
    static Stream<Arguments> refusedMetrics() {
        return Stream.of(
                Arguments.of(
                        "sum(contry)", Code.UNKNOWN_NAME, 5, "unknown column 'contry' at 5; did you mean 'country'?"),
                Arguments.of("uniq(UserId)", Code.UNKNOWN_NAME, 6, "did you mean 'userId'?"),
                Arguments.of("sum(properties)", Code.SYNTAX_ERROR, 5, "'properties' needs a key"),
                Arguments.of("sum(uniqueUsers)", Code.MISPLACED, 5, "'uniqueUsers' is a metric"),
                Arguments.of("cuont()", Code.UNKNOWN_FUNCTION, 1, "did you mean 'count'?"),
                Arguments.of("count(userId)", Code.WRONG_ARGUMENTS, 1, "count() where x is not null"),
                Arguments.of("sum()", Code.WRONG_ARGUMENTS, 1, "sum() takes 1 argument, got 0"),
                Arguments.of("quantile(revenue)", Code.WRONG_ARGUMENTS, 1, "quantile(p, x)"),
                Arguments.of("quantile(1.5, revenue)", Code.INVALID_LITERAL, 10, "outside 0..1"),
                Arguments.of("quantile(-0.5, revenue)", Code.INVALID_LITERAL, 10, "outside 0..1"),
                Arguments.of("quantile(revenue, revenue)", Code.MISPLACED, 10, "number written out"),
                Arguments.of("coalesce(1, 2)", Code.MISPLACED, 1, "inside an aggregate"),
                Arguments.of("sum(count())", Code.MISPLACED, 5, "aggregates can't be nested"),
                Arguments.of(
                        "count() where type = 'purchase' / count()",
                        Code.MISPLACED,
                        35,
                        "(count() where type = 'purchase') / count()"),
                Arguments.of("count() where count() > 1", Code.MISPLACED, 15, "can't be used in a where clause"),
                Arguments.of("lower(page) where type = 'a'", Code.MISPLACED, 1, "inside an aggregate"),
                Arguments.of("uniq(lower(page) where type = 'a')", Code.MISPLACED, 6, "'where' can only follow"),
                Arguments.of("country", Code.MISPLACED, 1, "uniq(country)"),
                Arguments.of("timestamp", Code.MISPLACED, 1, "not a metric"),
                Arguments.of("properties.plan", Code.MISPLACED, 1, "sum(properties.plan)"),
                Arguments.of("'abc'", Code.TYPE_MISMATCH, 1, "a metric is a number"),
                Arguments.of("type = 'purchase'", Code.MISPLACED, 6, "count() where type = 'purchase'"),
                Arguments.of("42", Code.MISPLACED, 1, "a metric needs an aggregate"),
                Arguments.of("sum(country)", Code.TYPE_MISMATCH, 5, "sum() needs a number, got text 'country'"),
                Arguments.of("avg(timestamp)", Code.TYPE_MISMATCH, 5, "avg() needs a number, got the timestamp"),
                Arguments.of("uniq(timestamp)", Code.TYPE_MISMATCH, 6, "distinct timestamps"),
                Arguments.of("sum(revenue > 3)", Code.MISPLACED, 13, "where"),
                Arguments.of(
                        "count() where country > 3",
                        Code.TYPE_MISMATCH,
                        15,
                        "'>' needs a number, got text " + "'country'"),
                Arguments.of(
                        "count() where country = 3",
                        Code.TYPE_MISMATCH,
                        25,
                        "can't compare text 'country' " + "with the number 3"),
                Arguments.of("count() where timestamp = 3", Code.TYPE_MISMATCH, 15, "hour_of_day(timestamp)"),
                Arguments.of("count() where revenue contains '1'", Code.TYPE_MISMATCH, 15, "text(...)"),
                Arguments.of("count() where country in ('DE', 1)", Code.TYPE_MISMATCH, 33, "one type"),
                Arguments.of("count() where revenue in ('1')", Code.TYPE_MISMATCH, 15, "can't look for text"),
                Arguments.of("count() where country in (page)", Code.MISPLACED, 27, "written-out values"),
                Arguments.of("count() where country in ()", Code.SYNTAX_ERROR, 27, "at least one value"),
                Arguments.of("count() where timestamp is null", Code.TYPE_MISMATCH, 15, "never null"),
                Arguments.of("count() where country", Code.TYPE_MISMATCH, 15, "expected a condition"),
                Arguments.of("count() where true", Code.TYPE_MISMATCH, 15, "properties.trial = true"),
                Arguments.of("count() where null", Code.SYNTAX_ERROR, 15, "is null"),
                Arguments.of("count() where a = 1 = 2", Code.SYNTAX_ERROR, 21, "do not chain"),
                Arguments.of("count() where hour_of_day(page) = 3", Code.TYPE_MISMATCH, 27, "hour_of_day(timestamp)"),
                Arguments.of("count() where number(true) = 1", Code.TYPE_MISMATCH, 22, "number() needs text"),
                Arguments.of("count() where boolean(country) = true", Code.TYPE_MISMATCH, 23, "= 'true'"),
                Arguments.of("count() where text(timestamp) = 'x'", Code.TYPE_MISMATCH, 20, "timestamp"),
                Arguments.of("count() where coalesce(country, 1) = 'x'", Code.TYPE_MISMATCH, 33, "one type"),
                Arguments.of("count() where coalesce(country) = 'x'", Code.WRONG_ARGUMENTS, 15, "2 or more"),
                Arguments.of("count() where lower(revenue) = 'x'", Code.TYPE_MISMATCH, 21, "lower() needs text"),
                Arguments.of("count() where -country = 1", Code.TYPE_MISMATCH, 16, "'-' needs a number"),
                Arguments.of("count(", Code.SYNTAX_ERROR, 7, "ends too early"),
                Arguments.of("count())", Code.SYNTAX_ERROR, 8, "no '(' to close"),
                Arguments.of("(count()", Code.SYNTAX_ERROR, 9, "')' to close the '(' at 1"),
                Arguments.of("count() count()", Code.SYNTAX_ERROR, 9, "unexpected 'count'"),
                Arguments.of("count() +", Code.SYNTAX_ERROR, 10, "ends too early"),
                Arguments.of("count() where type = 'a", Code.SYNTAX_ERROR, 22, "unclosed text literal"),
                Arguments.of("count() where properties.\"a = 1", Code.SYNTAX_ERROR, 26, "unclosed property key"),
                Arguments.of("count() where properties. = 1", Code.SYNTAX_ERROR, 15, "needs a key"),
                Arguments.of("count() where properties.a.b = 1", Code.SYNTAX_ERROR, 27, "nested properties"),
                Arguments.of("count() where properties.`a` = 1", Code.SYNTAX_ERROR, 15, "needs a key"),
                Arguments.of("count() where type = \"a\"", Code.SYNTAX_ERROR, 22, "single quotes"),
                Arguments.of("count() where type == 'a'", Code.SYNTAX_ERROR, 20, "single '='"),
                Arguments.of("count() where ! type = 'a'", Code.SYNTAX_ERROR, 15, "'not'"),
                Arguments.of("count() -- all events", Code.SYNTAX_ERROR, 9, "comments"),
                Arguments.of("count() /* all */", Code.SYNTAX_ERROR, 9, "comments"),
                Arguments.of("count();", Code.SYNTAX_ERROR, 8, "';'"),
                Arguments.of("count() where type = 'a'; drop table events", Code.SYNTAX_ERROR, 25, "';'"),
                Arguments.of("sum(revenue) * .5", Code.SYNTAX_ERROR, 16, "0.5"),
                Arguments.of("sum(revenue) * 5.", Code.SYNTAX_ERROR, 16, "5.0"),
                Arguments.of("sum(revenue) * 1e", Code.SYNTAX_ERROR, 16, "exponent"),
                Arguments.of("sum(revenue) * 12abc", Code.SYNTAX_ERROR, 16, "malformed number '12abc'"),
                Arguments.of("sum(revenue) * 1e999999", Code.INVALID_LITERAL, 16, "out of range"),
                Arguments.of("sum(revenue) * 1e-999999", Code.INVALID_LITERAL, 16, "out of range"),
                Arguments.of("sum(revenue) * 1e99999999999999999999", Code.INVALID_LITERAL, 16, "out of range"),
                Arguments.of("sum(revenue) * NaN", Code.INVALID_LITERAL, 16, "not a number"),
                Arguments.of("sum(revenue) * Infinity", Code.INVALID_LITERAL, 16, "not a number"),
                Arguments.of("count() where type = 'a\u0000'", Code.INVALID_LITERAL, 24, "NUL"),
                Arguments.of("count() where type = 'a\ud800'", Code.INVALID_LITERAL, 24, "unpaired"),
                Arguments.of("count() where \u200btype = 'a'", Code.SYNTAX_ERROR, 15, "U+200B (ZERO WIDTH SPACE)"),
                Arguments.of("count() where type = 'a' \u202e", Code.SYNTAX_ERROR, 26, "RIGHT-TO-LEFT OVERRIDE"),
                Arguments.of("count() where pays = 'FR'", Code.UNKNOWN_NAME, 15, "unknown column 'pays'"),
                Arguments.of("count() where ville\u00e9 = 1", Code.SYNTAX_ERROR, 20, "quote other property keys"),
                Arguments.of("", Code.SYNTAX_ERROR, 1, "empty"),
                Arguments.of("   ", Code.SYNTAX_ERROR, 1, "empty"));
    }

    @ParameterizedTest
    @MethodSource("refusedMetrics")
    void refusesWithCodePositionAndAHelpfulMessage(String text, Code code, int position, String fragment) {
        ExpressionException error = refused(text, PARSER::metric);
        assertThat(error.code()).as(error.getMessage()).isEqualTo(code);
        assertThat(error.position()).as(error.getMessage()).isEqualTo(position);
        assertThat(error.getMessage()).contains(fragment).contains(position > 0 ? " at " + position : "");
        assertThat(error.definition()).isNull();
    }

    @Test
    void aDimensionCannotAggregateOrBeTheRawTimestamp() {
        assertThat(refused("count()", PARSER::dimension).code()).isEqualTo(Code.MISPLACED);
        assertThat(refused("count()", PARSER::dimension).getMessage()).contains("aggregates belong in metrics");
        assertThat(refused("timestamp", PARSER::dimension).code()).isEqualTo(Code.TYPE_MISMATCH);
        assertThat(refused("country = 'DE'", PARSER::dimension).code()).isEqualTo(Code.MISPLACED);
        assertThat(refused("uniqueUsers", PARSER::dimension).code()).isEqualTo(Code.MISPLACED);
    }

    @Test
    void tooDeepNestingIsReportedWhereItStarts() {
        ExpressionException error = refused("(".repeat(40) + "count()" + ")".repeat(40), PARSER::metric);
        assertThat(error.getMessage())
                .isEqualTo("the expression nests deeper than 32 levels at 33; simplify it or "
                        + "split it into several metrics");
    }

    @Test
    void theMessageSplitsIntoProblemAndPosition() {
        ExpressionException error = refused("sum(contry)", PARSER::metric);
        assertThat(error.problem()).isEqualTo("unknown column 'contry'; did you mean 'country'?");
        assertThat(error.getMessage()).isEqualTo("unknown column 'contry' at 5; did you mean 'country'?");
    }

    @Test
    void unknownColumnsWithoutACloseMatchListTheColumns() {
        ExpressionException error = refused("uniq(planet)", PARSER::metric);
        assertThat(error.getMessage())
                .contains("use type, country, device, browser, os, page, referrer, userId, "
                        + "sessionId, revenue, timestamp or properties.<key>");
    }

    @Test
    void hostileTextIsShownSafelyInMessages() {
        ExpressionException error = refused("count() where type = 1 and x\u0001 = 2", PARSER::metric);
        assertThat(error.getMessage()).contains("U+0001").doesNotContain("\u0001");
        ExpressionException longName = refused("uniq(" + "x".repeat(1500) + ")", PARSER::metric);
        assertThat(longName.getMessage().length()).isLessThan(400);
    }

    @Test
    void boundsAreCleanErrors() {
        ExpressionLimits limits = ExpressionLimits.defaults();
        assertThat(refused("count()" + "+1".repeat(500), PARSER::metric).getMessage())
                .contains("more than 500 parts");
        assertThat(refused("count() where type = '" + "x".repeat(limits.maxLength()) + "'", PARSER::metric)
                        .getMessage())
                .contains("more than the 2000 allowed");
        String deep = "(".repeat(limits.maxDepth() + 1) + "count()" + ")".repeat(limits.maxDepth() + 1);
        assertThat(refused(deep, PARSER::metric).code()).isEqualTo(Code.TOO_COMPLEX);
        // the whole text is one level and count() another
        String withinDepth = "(".repeat(limits.maxDepth() - 2) + "count()" + ")".repeat(limits.maxDepth() - 2);
        assertThat(PARSER.metric(withinDepth)).isEqualTo(Trees.count(null));
        assertThat(refused("count() where not " + "not ".repeat(40) + "type = 'a'", PARSER::metric)
                        .code())
                .isEqualTo(Code.TOO_COMPLEX);
        assertThat(refused("- ".repeat(40) + "count()", PARSER::metric).code()).isEqualTo(Code.TOO_COMPLEX);
        ExpressionParser roomy = new ExpressionParser(new ExpressionLimits(100_000, 32, 100_000, 1000, 5000, 16));
        assertThat(refused("count() where type in (" + "'a', ".repeat(1000) + "'b')", roomy::metric)
                        .getMessage())
                .contains("at most 1000 values");
    }

    private static ExpressionException refused(String text, Consumer<String> parse) {
        ExpressionException error = catchThrowableOfType(ExpressionException.class, () -> parse.accept(text));
        assertThat(error).as("'%s' must be refused", text).isNotNull();
        return error;
    }
}
