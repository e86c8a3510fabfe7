package io.eventlens.postgres;

import io.eventlens.core.catalog.CustomDimension;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.expression.ResolvedDimension;
import io.eventlens.core.query.Filter;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/** Turns resolved filters into SQL conditions over {@code events e}, every value a bind parameter. */
final class FilterCompiler {

    private FilterCompiler() {}

    /** The conjunction of all filters, each prefixed with {@code AND}; empty without filters. */
    static String conditions(List<Filter> filters, SqlParameters parameters) {
        return conditions(filters, parameters, java.time.ZoneOffset.UTC);
    }

    /** The same; custom dimensions such as {@code hour_of_day(timestamp)} compute in {@code zone}. */
    static String conditions(List<Filter> filters, SqlParameters parameters, java.time.ZoneId zone) {
        StringBuilder sql = new StringBuilder();
        for (Filter filter : filters) {
            sql.append(" AND ").append(condition(filter, parameters, zone));
        }
        return sql.toString();
    }

    static String condition(Filter filter, SqlParameters parameters) {
        return condition(filter, parameters, java.time.ZoneOffset.UTC);
    }

    static String condition(Filter filter, SqlParameters parameters, java.time.ZoneId zone) {
        if (filter.op().numeric() && filter.dimension() instanceof CustomDimension custom) {
            // Only number-typed custom dimensions pass the resolver; a null value never matches.
            return "coalesce("
                    + new PostgresExpressionCompiler(parameters, zone)
                            .number(ResolvedDimension.of(custom).expression()) + " "
                    + filter.op().symbol() + " "
                    + parameters.number(BigDecimal.valueOf(filter.number())) + ", false)";
        }
        if (filter.op().numeric()) {
            return numeric(filter, parameters);
        }
        String value = EventColumns.dimension(filter.dimension(), parameters, zone);
        List<String> values = filter.values();
        return switch (filter.op()) {
            case EQ -> "(" + value + " = " + parameters.text(values.getFirst()) + ")";
            // NEQ and NOT_IN match a missing value too.
            case NEQ -> "(" + value + " IS DISTINCT FROM " + parameters.text(values.getFirst()) + ")";
            case IN -> "(" + value + " = ANY(" + parameters.textArray(values) + "))";
            case NOT_IN -> "(" + value + " IS NULL OR " + value + " <> ALL(" + parameters.textArray(values) + "))";
            // strpos, not LIKE: a needle's % and _ are plain characters.
            case CONTAINS ->
                values.stream()
                        .map(v -> "strpos(lower(" + value + "), lower(" + parameters.text(v) + ")) > 0")
                        .collect(Collectors.joining(" OR ", "(", ")"));
            case GT, GTE, LT, LTE -> throw new IllegalStateException("numeric operator handled above");
        };
    }

    /** Only JSON numbers compare; CASE guarantees the cast never sees a string. */
    private static String numeric(Filter filter, SqlParameters parameters) {
        if (!(filter.dimension() instanceof Dimension.Property property)) {
            throw new IllegalArgumentException(filter.op() + " applies only to properties: " + filter.dimension());
        }
        String operator = filter.op().symbol();
        var column = parameters.promoted().number(property.key());
        if (column.isPresent()) {
            // The column is null wherever the JSON value is no number, and the number itself elsewhere; written as
            // a comparison (never null) the column's partial index can answer.
            return "(" + column.get() + " " + operator + " " + parameters.number(BigDecimal.valueOf(filter.number()))
                    + " AND " + column.get() + " IS NOT NULL)";
        }
        String key = parameters.text(property.key());
        String operand = parameters.number(BigDecimal.valueOf(filter.number()));
        return "(CASE WHEN jsonb_typeof(e.properties -> " + key + ") = 'number' THEN (e.properties ->> " + key
                + ")::numeric " + operator + " " + operand + " ELSE false END)";
    }
}
