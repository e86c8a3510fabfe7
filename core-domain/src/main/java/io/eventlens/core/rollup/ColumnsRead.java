package io.eventlens.core.rollup;

import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.query.Filter;
import io.eventlens.core.query.ReportQuery;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The event columns a report over rollups reads besides time, revenue and counts: its dimensions and filters
 * (columns of the rollups, or the planner would not have used them) and the ids its distinct counts need. The rows
 * an engine unions from rollups and raw events carry only these: with every key column in every branch, PostgreSQL's
 * statement was 6 KB of text that its driver tokenized for each request (9% of the app's CPU for a week of events by
 * type, JFR), and every row went through the append and the sort that wide.
 */
public final class ColumnsRead {

    private ColumnsRead() {}

    public static Set<EventColumn> by(ReportQuery query) {
        Set<EventColumn> read = EnumSet.noneOf(EventColumn.class);
        Stream.concat(query.dimensions().stream(), query.filters().stream().map(Filter::dimension))
                .forEach(dimension -> {
                    if (dimension instanceof Dimension.Column column) {
                        read.add(column.column());
                    } else {
                        // Not a rollup's column, so never over rollups; every column keeps it safe all the same.
                        read.addAll(EnumSet.allOf(EventColumn.class));
                    }
                });
        if (query.metrics().contains(BuiltInMetric.UNIQUE_USERS)) {
            read.add(EventColumn.USER_ID);
        }
        if (query.metrics().contains(BuiltInMetric.SESSIONS)) {
            read.add(EventColumn.SESSION_ID);
        }
        return Set.copyOf(read);
    }
}
