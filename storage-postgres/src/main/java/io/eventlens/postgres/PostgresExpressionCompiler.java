package io.eventlens.postgres;

import static io.eventlens.core.expression.TextPatterns.ABSOLUTE_URL;
import static io.eventlens.core.expression.TextPatterns.DECIMAL;

import io.eventlens.core.expression.ArithmeticOperator;
import io.eventlens.core.expression.ComparisonOperator;
import io.eventlens.core.expression.MetricExpression;
import io.eventlens.core.expression.RowExpression;
import io.eventlens.core.expression.RowFunction;
import io.eventlens.sql.SqlExpressionCompiler;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Compiles expression trees into SQL over {@code events e}. SQL text comes only from constants here; every literal
 * and property key is a bind parameter. Numbers compute in {@code numeric} (no overflow errors; out-of-range results
 * become null through {@code eventlens_float8}/{@code eventlens_number}), conditions are two-valued
 * ({@code coalesce(..., false)}), and properties are read with the {@code jsonb_typeof} guard FilterCompiler uses.
 */
final class PostgresExpressionCompiler extends SqlExpressionCompiler {

    private final SqlParameters p;
    private final ZoneId zone;

    PostgresExpressionCompiler(SqlParameters parameters, ZoneId zone) {
        super(parameters);
        this.p = parameters;
        this.zone = zone;
    }

    /** A metric as a double precision aggregate expression; null where the language says null. */
    String metricValue(MetricExpression expression) {
        return "eventlens_float8(" + metric(expression) + ")";
    }

    /** A number-typed row expression as numeric, e.g. for a numeric filter. */
    String number(RowExpression expression) {
        return row(expression);
    }

    @Override
    protected String number(double value) {
        return p.number(new BigDecimal(Double.toString(value)));
    }

    @Override
    protected String metricArithmetic(ArithmeticOperator operator, String left, String right) {
        return arithmetic(operator, left, right);
    }

    @Override
    protected String aggregate(MetricExpression.Aggregate aggregate) {
        String filter = aggregate.filter() == null ? "" : " FILTER (WHERE " + condition(aggregate.filter()) + ")";
        RowExpression argument = aggregate.argument();
        String x = argument == null ? "" : row(argument);
        return switch (aggregate.function()) {
            case COUNT -> "(count(*)" + filter + ")::numeric";
            case UNIQ -> "(count(DISTINCT " + x + ")" + filter + ")::numeric";
            case SUM -> "coalesce(sum(" + x + ")" + filter + ", 0)";
            case AVG -> "(avg(" + x + ")" + filter + ")";
            case MIN -> "(min(" + x + ")" + filter + ")";
            case MAX -> "(max(" + x + ")" + filter + ")";
            case QUANTILE ->
                "((percentile_cont(" + p.number(BigDecimal.valueOf(Objects.requireNonNull(aggregate.level())))
                        + "::float8) WITHIN GROUP (ORDER BY eventlens_float8(" + x + "))" + filter
                        + ")::numeric)";
        };
    }

    private static String arithmetic(ArithmeticOperator operator, String left, String right) {
        // Division by zero is null, not an error.
        return operator == ArithmeticOperator.DIVIDE
                ? "(" + left + " / nullif(" + right + ", 0))"
                : "(" + left + " " + operator.symbol() + " " + right + ")";
    }

    @Override
    protected String revenue() {
        return "(e.revenue::numeric)";
    }

    @Override
    protected String rowArithmetic(ArithmeticOperator operator, String left, String right) {
        return "eventlens_number(" + arithmetic(operator, left, right) + ")";
    }

    /** A property's JSON value converted as the language says; CASE guarantees casts never see another type. */
    @Override
    protected String property(RowFunction conversion, String key) {
        // A READY promoted column holds exactly the JSON's text, or its number (null for anything else).
        Optional<String> promoted = switch (conversion) {
            case TEXT -> p.promoted().text(key);
            case NUMBER -> p.promoted().number(key).map(column -> "eventlens_number(" + column + ")");
            default -> Optional.empty();
        };
        if (promoted.isPresent()) {
            return "(" + promoted.get() + ")";
        }
        String bound = p.text(key);
        String json = "(e.properties -> " + bound + ")";
        String text = "(e.properties ->> " + bound + ")";
        return switch (conversion) {
            case NUMBER ->
                "(CASE WHEN jsonb_typeof(" + json + ") = 'number' THEN eventlens_number(" + text + "::numeric) END)";
            case TEXT -> text;
            case BOOLEAN -> "(CASE WHEN jsonb_typeof(" + json + ") = 'boolean' THEN " + text + "::boolean END)";
            default -> throw new IllegalArgumentException("not a conversion: " + conversion);
        };
    }

    @Override
    protected String lower(String text) {
        return "lower(" + text + ")";
    }

    @Override
    protected String upper(String text) {
        return "upper(" + text + ")";
    }

    @Override
    protected String coalesce(List<String> values) {
        return "coalesce(" + String.join(", ", values) + ")";
    }

    @Override
    protected String hourOfDay(String timestamp) {
        return "(extract(hour FROM " + timestamp + " AT TIME ZONE " + p.text(zone.getId()) + ")::numeric)";
    }

    @Override
    protected String dayOfWeek(String timestamp) {
        return "(extract(isodow FROM " + timestamp + " AT TIME ZONE " + p.text(zone.getId()) + ")::numeric)";
    }

    @Override
    protected String parseNumber(String value) {
        // Only text the language accepts reaches the cast; the short exponent keeps it inside numeric's range.
        return "(CASE WHEN " + value + " ~ '" + DECIMAL + "' THEN eventlens_number(btrim(" + value
                + ", E' \\t\\n\\r\\f')::numeric) END)";
    }

    @Override
    protected String numberText(String number) {
        return "(eventlens_float8(" + number + ")::text)";
    }

    @Override
    protected String booleanText(String value) {
        return "((" + value + ")::text)";
    }

    @Override
    protected String urlHost(String text) {
        // scheme://user@HOST:port/... -> host in ASCII lower case; null when there is no host.
        return "nullif(translate(substring(" + text + " FROM '" + ABSOLUTE_URL
                + "(?:[^/?#]*@)?([^/?#:@]*)'), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), '')";
    }

    @Override
    protected String urlPath(String text) {
        return "(CASE WHEN " + text + " ~ '" + ABSOLUTE_URL + "' THEN coalesce(nullif(substring(" + text
                + " FROM '" + ABSOLUTE_URL + "[^/?#]*([^?#]*)'), ''), '/') ELSE nullif(substring(" + text
                + " FROM '^([^?#]*)'), '') END)";
    }

    @Override
    protected String contains(String text, String part) {
        return "coalesce(strpos(lower(" + text + "), lower(" + part + ")) > 0, false)";
    }

    @Override
    protected String in(String operand, List<String> values) {
        return "coalesce(" + operand + " IN (" + String.join(", ", values) + "), false)";
    }

    @Override
    protected String comparison(ComparisonOperator operator, String left, String right) {
        return "coalesce(" + left + " " + operator.symbol() + " " + right + ", false)";
    }
}
