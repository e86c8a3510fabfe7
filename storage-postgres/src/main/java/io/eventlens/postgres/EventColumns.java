package io.eventlens.postgres;

import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.CustomDimension;
import io.eventlens.core.catalog.CustomMetric;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.catalog.Metric;
import io.eventlens.core.expression.ResolvedDimension;
import io.eventlens.core.expression.ResolvedMetric;
import io.eventlens.sql.EventSql;

/** SQL expressions for catalog names over the {@code events e} table: the only place names become SQL. */
final class EventColumns {

    private EventColumns() {}

    /** The dimension's text value; {@code ->>} yields JSON strings as-is, other values as JSON text, JSON null as null. */
    static String dimension(Dimension dimension, SqlParameters parameters) {
        return dimension(dimension, parameters, java.time.ZoneOffset.UTC);
    }

    /** The same; custom dimensions such as {@code hour_of_day(timestamp)} compute in {@code zone}. */
    static String dimension(Dimension dimension, SqlParameters parameters, java.time.ZoneId zone) {
        return switch (dimension) {
            case Dimension.Column c -> EventSql.column(c.column());
            // A READY promoted column holds exactly this text for every event (see PostgresPromotions).
            case Dimension.Property p ->
                parameters
                        .promoted()
                        .text(p.key())
                        .orElseGet(() -> "(e.properties ->> " + parameters.text(p.key()) + ")");
            case CustomDimension c -> {
                ResolvedDimension resolved = ResolvedDimension.of(c);
                yield new PostgresExpressionCompiler(parameters, zone)
                        .dimensionText(resolved.expression(), resolved.type());
            }
        };
    }

    /**
     * The aggregate of a metric; the counting built-ins are 0, never null, over no events; per-session ones and
     * custom ones may be null. Per-session metrics need {@link SessionRows#source} as {@code e}.
     */
    static String metric(Metric metric, SqlParameters parameters, java.time.ZoneId zone) {
        return switch (metric) {
            case CustomMetric c ->
                new PostgresExpressionCompiler(parameters, zone)
                        .metricValue(ResolvedMetric.of(c).expression());
            case BuiltInMetric m ->
                switch (m) {
                    case EVENTS -> "count(*)";
                    case UNIQUE_USERS -> "count(DISTINCT e.user_id)";
                    case SESSIONS -> "count(DISTINCT e.session_id)";
                    case REVENUE -> "coalesce(sum(e.revenue::numeric), 0)"; // exact decimals, never a sum of doubles
                    // Over the measures SessionRows puts on one event per (group, session); null without sessions.
                    case BOUNCE_RATE -> "avg((e.session_pages = 1)::int)::float8";
                    case AVG_SESSION_DURATION -> "avg(e.session_seconds)::float8";
                    case PAGES_PER_SESSION -> "avg(e.session_pages)::float8";
                };
        };
    }
}
