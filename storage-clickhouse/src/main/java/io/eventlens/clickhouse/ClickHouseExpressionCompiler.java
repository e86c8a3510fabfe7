package io.eventlens.clickhouse;

import static io.eventlens.core.expression.TextPatterns.ABSOLUTE_URL;
import static io.eventlens.core.expression.TextPatterns.DECIMAL;

import io.eventlens.core.expression.ArithmeticOperator;
import io.eventlens.core.expression.ComparisonOperator;
import io.eventlens.core.expression.MetricExpression;
import io.eventlens.core.expression.RowExpression;
import io.eventlens.core.expression.RowFunction;
import io.eventlens.sql.SqlExpressionCompiler;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Compiles expression trees into ClickHouse SQL over {@code e}. Numbers are Float64 and every arithmetic result that
 * is not finite becomes NULL ({@code ifNotFinite}), conditions are two-valued ({@code ifNull(..., 0)}), and
 * aggregates that the language defines as null over nothing check their input count. Literals, property keys and
 * regular expressions are parameters (the driver's scanner would read a {@code ?} in SQL text as a placeholder).
 */
final class ClickHouseExpressionCompiler extends SqlExpressionCompiler {

    private final SqlParameters p;
    private final ZoneId zone;

    ClickHouseExpressionCompiler(SqlParameters parameters, ZoneId zone) {
        super(parameters);
        this.p = parameters;
        this.zone = zone;
    }

    /** A metric as a Nullable(Float64) aggregate expression. */
    String metricValue(MetricExpression expression) {
        return finite(metric(expression));
    }

    /** A number-typed row expression, e.g. for a numeric filter. */
    String number(RowExpression expression) {
        return row(expression);
    }

    private static String finite(String number) {
        return "ifNotFinite(toFloat64(" + number + "), NULL)";
    }

    @Override
    protected String number(double value) {
        return p.number(value);
    }

    @Override
    protected String metricArithmetic(ArithmeticOperator operator, String left, String right) {
        return finite(arithmetic(operator, left, right));
    }

    @Override
    protected String aggregate(MetricExpression.Aggregate aggregate) {
        String filter = aggregate.filter() == null ? "1" : condition(aggregate.filter());
        RowExpression argument = aggregate.argument();
        if (argument == null) {
            return "toFloat64(countIf(" + filter + "))";
        }
        String x = row(argument);
        // Null arguments never count; the aggregates the language defines as null over nothing check this count.
        String present = "countIf(isNotNull(" + x + ") AND " + filter + ")";
        return switch (aggregate.function()) {
            case COUNT -> "toFloat64(countIf(" + filter + "))";
            case UNIQ -> "toFloat64(uniqExactIf(" + x + ", isNotNull(" + x + ") AND " + filter + "))";
            case SUM -> "toFloat64(ifNull(sumKahanIf(toFloat64(" + x + "), " + filter + "), 0))";
            case AVG ->
                "if(" + present + " = 0, NULL, sumKahanIf(toFloat64(" + x + "), " + filter + ") / " + present + ")";
            case MIN -> "if(" + present + " = 0, NULL, minIf(toFloat64(" + x + "), " + filter + "))";
            case MAX -> "if(" + present + " = 0, NULL, maxIf(toFloat64(" + x + "), " + filter + "))";
            // Linear interpolation between closest ranks, as percentile_cont and the language define it.
            case QUANTILE ->
                "if(" + present + " = 0, NULL, quantileExactInclusiveIf("
                        + Double.toString(Objects.requireNonNull(aggregate.level())) + ")(toFloat64(" + x + "), "
                        + filter + "))";
        };
    }

    /** x / 0 is inf or nan, which finite() turns into NULL. */
    private static String arithmetic(ArithmeticOperator operator, String left, String right) {
        return "(" + left + " " + operator.symbol() + " " + right + ")";
    }

    @Override
    protected String revenue() {
        return "e.revenue";
    }

    @Override
    protected String rowArithmetic(ArithmeticOperator operator, String left, String right) {
        return finite(arithmetic(operator, left, right));
    }

    @Override
    protected String property(RowFunction conversion, String key) {
        return switch (conversion) {
            case NUMBER -> EventColumns.propertyNumber(key, p);
            case TEXT -> EventColumns.propertyText(key, p);
            case BOOLEAN -> EventColumns.propertyBoolean(key, p);
            default -> throw new IllegalArgumentException("not a conversion: " + conversion);
        };
    }

    @Override
    protected String lower(String text) {
        return CaseMapping.lower(text, p);
    }

    @Override
    protected String upper(String text) {
        return CaseMapping.upper(text, p);
    }

    @Override
    protected String coalesce(List<String> values) {
        return values.stream().collect(Collectors.joining(", ", "coalesce(", ")"));
    }

    @Override
    protected String hourOfDay(String timestamp) {
        return "toFloat64(toHour(" + timestamp + ", " + p.zone(zone) + "))";
    }

    @Override
    protected String dayOfWeek(String timestamp) {
        return "toFloat64(toDayOfWeek(" + timestamp + ", 0, " + p.zone(zone) + "))";
    }

    @Override
    protected String parseNumber(String value) {
        // Only text the language accepts is parsed; a result beyond Float64 becomes NULL.
        return "if(ifNull(match(" + value + ", " + p.text(DECIMAL) + "), 0), "
                + finite("toFloat64OrNull(trimBoth(" + "replaceRegexpAll(" + value + ", " + p.text("[\\t\\n\\r\\f]")
                        + ", ' ')))")
                + ", NULL)";
    }

    /** A number as the language shows it: the shortest round-trip decimal ({@code toString} of a Float64). */
    @Override
    protected String numberText(String number) {
        return "if(isNull(" + number + "), NULL, if(" + number + " = 0, '0', toString(toFloat64(" + number + "))))";
    }

    @Override
    protected String booleanText(String value) {
        return "if(isNull(" + value + "), NULL, if(" + value + ", 'true', 'false'))";
    }

    @Override
    protected String urlHost(String text) {
        // scheme://user@HOST:port/... -> host in ASCII lower case; NULL when there is no host.
        return "nullIf(lower(extract(" + text + ", " + p.text(ABSOLUTE_URL + "(?:[^/?#]*@)?([^/?#:@]*)") + ")), '')";
    }

    @Override
    protected String urlPath(String text) {
        return "if(isNull(" + text + "), NULL, if(match(" + text + ", " + p.text(ABSOLUTE_URL) + "), "
                + "if(extract(" + text + ", " + p.text(ABSOLUTE_URL + "[^/?#]*([^?#]*)") + ") = '', '/', extract("
                + text + ", " + p.text(ABSOLUTE_URL + "[^/?#]*([^?#]*)") + ")), nullIf(extract(" + text + ", "
                + p.text("^([^?#]*)") + "), '')))";
    }

    @Override
    protected String contains(String text, String part) {
        return CaseMapping.contains(text, part, p);
    }

    @Override
    protected String in(String operand, List<String> values) {
        return values.stream()
                .map(v -> "ifNull(" + operand + " = " + v + ", 0)")
                .collect(Collectors.joining(" OR ", "(", ")"));
    }

    @Override
    protected String comparison(ComparisonOperator operator, String left, String right) {
        return "ifNull(" + left + " " + operator.symbol() + " " + right + ", 0)";
    }
}
