package io.eventlens.postgres;

import io.eventlens.core.event.StoredEvent;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.sql.EventSql;
import java.util.stream.Collectors;

/** SQL for pages of raw events; the overview is two reports (see {@code OverviewReports}). */
final class EventQueries {

    /** Every stored field in select order, which {@link EventRows} reads by position; properties as JSON text. */
    static final String EVENT_COLUMNS = StoredEvent.FIELDS.stream()
            .map(field -> field == StoredEvent.Field.PROPERTIES ? "e.properties::text" : "e." + field.storedName())
            .collect(Collectors.joining(", "));

    private EventQueries() {}

    /** Keyset pagination in {@code (ts desc, id desc)} order; one row more than asked tells whether more follow. */
    static SqlStatement page(EventPageQuery query) {
        return page(query, PromotedColumns.NONE);
    }

    /** The same, filtering on the project's promoted properties by their columns. */
    static SqlStatement page(EventPageQuery query, PromotedColumns promoted) {
        SqlParameters p = new SqlParameters(promoted);
        String where =
                EventSql.pageConditions(query, p, "e.id", p::uuid) + FilterCompiler.conditions(query.filters(), p);
        String sql = "SELECT " + EVENT_COLUMNS + " FROM events e WHERE " + where + " ORDER BY "
                + EventSql.pageOrder("e.id") + " LIMIT " + p.integer(query.first() + 1);
        return p.statement(sql);
    }
}
