package io.eventlens.clickhouse;

import io.eventlens.core.catalog.CustomDimension;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.expression.ResolvedDimension;
import io.eventlens.core.query.Filter;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;

/** Turns resolved filters into ClickHouse conditions over {@code e}, every value a parameter. */
final class FilterCompiler {

    private FilterCompiler() {}

    /** The conjunction of all filters, each prefixed with {@code AND}; empty without filters. */
    static String conditions(List<Filter> filters, SqlParameters p, ZoneId zone) {
        StringBuilder sql = new StringBuilder();
        for (Filter filter : filters) {
            sql.append(" AND ").append(condition(filter, p, zone));
        }
        return sql.toString();
    }

    static String condition(Filter filter, SqlParameters p, ZoneId zone) {
        if (filter.op().numeric()) {
            String number = switch (filter.dimension()) {
                case Dimension.Property property -> EventColumns.propertyNumber(property.key(), p);
                // Only number-typed custom dimensions pass the resolver.
                case CustomDimension custom ->
                    new ClickHouseExpressionCompiler(p, zone)
                            .number(ResolvedDimension.of(custom).expression());
                case Dimension.Column column ->
                    throw new IllegalArgumentException(filter.op() + " applies only to numbers: " + column);
            };
            // A NULL side never matches.
            return "ifNull(" + number + " " + filter.op().symbol() + " " + p.number(filter.number()) + ", 0)";
        }
        String value = EventColumns.dimension(filter.dimension(), p, zone);
        List<String> values = filter.values();
        return switch (filter.op()) {
            case EQ -> "ifNull(" + value + " = " + p.text(values.getFirst()) + ", 0)";
            // NEQ and NOT_IN match a missing value too.
            case NEQ -> "NOT ifNull(" + value + " = " + p.text(values.getFirst()) + ", 0)";
            case IN -> "ifNull(" + value + " IN (" + list(values, p) + "), 0)";
            case NOT_IN -> "NOT ifNull(" + value + " IN (" + list(values, p) + "), 0)";
            // position, not LIKE: a needle's % and _ are plain characters.
            case CONTAINS ->
                values.stream()
                        .map(v -> CaseMapping.contains(value, p.text(v), p))
                        .collect(Collectors.joining(" OR ", "(", ")"));
            case GT, GTE, LT, LTE -> throw new IllegalStateException("numeric operator handled above");
        };
    }

    private static String list(List<String> values, SqlParameters p) {
        return values.stream().map(p::text).collect(Collectors.joining(", "));
    }
}
