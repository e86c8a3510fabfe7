package io.eventlens.clickhouse;

import io.eventlens.core.event.StoredEvent;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.sql.EventSql;
import java.time.ZoneOffset;
import java.util.stream.Collectors;

/** SQL for pages of raw events; the overview is two reports (see {@code OverviewReports}). */
final class EventQueries {

    /** Every stored field, aliased by its own name: the driver reads columns by name (see {@link EventRows}). */
    static final String EVENT_COLUMNS = StoredEvent.FIELDS.stream()
            .map(field -> "e." + field.storedName() + " AS " + field.storedName())
            .collect(Collectors.joining(", "));

    private EventQueries() {}

    /**
     * Keyset pagination newest first; ids order as their text, which is the unsigned byte order every engine uses.
     * One row more than asked tells whether more follow.
     */
    static SqlStatement page(EventPageQuery query) {
        SqlParameters p = new SqlParameters();
        // Ids order as their text, which is the unsigned byte order every engine uses.
        String id = "toString(e.id)";
        String where = EventSql.pageConditions(query, p, id, value -> p.text(value.toString()))
                + FilterCompiler.conditions(query.filters(), p, ZoneOffset.UTC);
        String sql = "SELECT " + EVENT_COLUMNS + " FROM " + ReportQueries.EVENTS + " WHERE " + where + " ORDER BY "
                + EventSql.pageOrder(id) + " LIMIT " + p.integer(query.first() + 1L);
        return p.statement(sql);
    }
}
