package io.eventlens.postgres;

import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.query.Filter;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/** Turns resolved filters into SQL conditions over {@code events e}, every value a bind parameter. */
final class FilterCompiler {

    private FilterCompiler() {
    }

    /** The conjunction of all filters, each prefixed with {@code AND}; empty without filters. */
    static String conditions(List<Filter> filters, SqlParameters parameters) {
        StringBuilder sql = new StringBuilder();
        for (Filter filter : filters) {
            sql.append(" AND ").append(condition(filter, parameters));
        }
        return sql.toString();
    }

    static String condition(Filter filter, SqlParameters parameters) {
        if (filter.op().numeric()) {
            return numeric(filter, parameters);
        }
        String value = EventColumns.dimension(filter.dimension(), parameters);
        List<String> values = filter.values();
        return switch (filter.op()) {
            case EQ -> "(" + value + " = " + parameters.text(values.getFirst()) + ")";
            // NEQ and NOT_IN match a missing value too.
            case NEQ -> "(" + value + " IS DISTINCT FROM " + parameters.text(values.getFirst()) + ")";
            case IN -> "(" + value + " = ANY(" + parameters.textArray(values) + "))";
            case NOT_IN -> "(" + value + " IS NULL OR " + value + " <> ALL(" + parameters.textArray(values) + "))";
            // strpos, not LIKE: a needle's % and _ are plain characters.
            case CONTAINS -> values.stream()
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
        String key = parameters.text(property.key());
        String operator = switch (filter.op()) {
            case GT -> ">";
            case GTE -> ">=";
            case LT -> "<";
            case LTE -> "<=";
            default -> throw new IllegalStateException("not numeric: " + filter.op());
        };
        String operand = parameters.number(BigDecimal.valueOf(filter.number()));
        return "(CASE WHEN jsonb_typeof(e.properties -> " + key + ") = 'number' THEN (e.properties ->> " + key
                + ")::numeric " + operator + " " + operand + " ELSE false END)";
    }
}
