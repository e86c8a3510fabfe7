package io.eventlens.clickhouse;

import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.CustomDimension;
import io.eventlens.core.catalog.CustomMetric;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.catalog.Metric;
import io.eventlens.core.expression.ResolvedDimension;
import io.eventlens.core.expression.ResolvedMetric;
import io.eventlens.sql.EventSql;
import java.time.ZoneId;

/** ClickHouse expressions for catalog names over the events row source {@code e}: the only place names become SQL. */
final class EventColumns {

    private EventColumns() {}

    /**
     * A property's text: a JSON string as-is, other values as their JSON text, missing or JSON null as NULL
     * ({@code JSONType} answers {@code 'Null'} for both).
     */
    static String propertyText(String key, SqlParameters p) {
        return "multiIf(JSONType(e.properties, " + p.text(key) + ") = 'String', JSONExtractString(e.properties, "
                + p.text(key) + "), JSONType(e.properties, " + p.text(key) + ") = 'Null', NULL, "
                + "JSONExtractRaw(e.properties, " + p.text(key) + "))";
    }

    /** A property as a Float64 where it is a JSON number, else NULL. */
    static String propertyNumber(String key, SqlParameters p) {
        return "if(JSONType(e.properties, " + p.text(key) + ") IN ('Int64', 'UInt64', 'Double'), "
                + "JSONExtractFloat(e.properties, " + p.text(key) + "), NULL)";
    }

    /** A property as a boolean where it is a JSON boolean, else NULL. */
    static String propertyBoolean(String key, SqlParameters p) {
        return "if(JSONType(e.properties, " + p.text(key) + ") = 'Bool', JSONExtractBool(e.properties, " + p.text(key)
                + ") = 1, NULL)";
    }

    static String dimension(Dimension dimension, SqlParameters p, ZoneId zone) {
        return switch (dimension) {
            case Dimension.Column c -> EventSql.column(c.column());
            case Dimension.Property property -> propertyText(property.key(), p);
            case CustomDimension c -> {
                ResolvedDimension resolved = ResolvedDimension.of(c);
                yield new ClickHouseExpressionCompiler(p, zone).dimensionText(resolved.expression(), resolved.type());
            }
        };
    }

    /**
     * A metric as a Float64 aggregate; the counting built-ins are 0, never NULL, over no events. Per-session metrics
     * need {@link SessionRows#source} as {@code e}.
     */
    /**
     * An amount of money as an exact decimal to add up (sums of doubles drift in their last digits): the double's
     * shortest text, which is the amount as sent, read as a decimal with 9 places. Over a rollup's decimal sum too.
     */
    static String amount(String revenue) {
        return "toDecimal128(toString(ifNull(" + revenue + ", 0)), 9)";
    }

    static String metric(Metric metric, SqlParameters p, ZoneId zone) {
        return switch (metric) {
            case CustomMetric c ->
                new ClickHouseExpressionCompiler(p, zone)
                        .metricValue(ResolvedMetric.of(c).expression());
            case BuiltInMetric m ->
                switch (m) {
                    case EVENTS -> "toFloat64(count())";
                    case UNIQUE_USERS -> "toFloat64(uniqExact(e.user_id))";
                    case SESSIONS -> "toFloat64(uniqExact(e.session_id))";
                    case REVENUE -> "toFloat64(sum(" + amount("e.revenue") + "))";
                    // Over the measures SessionRows puts on one row per (group, session); NULL without sessions.
                    case BOUNCE_RATE -> "if(count(e.session_pages) = 0, NULL, avg(toFloat64(e.session_pages = 1)))";
                    case AVG_SESSION_DURATION -> "if(count(e.session_seconds) = 0, NULL, avg(e.session_seconds))";
                    case PAGES_PER_SESSION -> "if(count(e.session_pages) = 0, NULL, avg(toFloat64(e.session_pages)))";
                };
        };
    }
}
