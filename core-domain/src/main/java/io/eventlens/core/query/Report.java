package io.eventlens.core.query;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A report's answer.
 *
 * @param columns dimension names then metric names, as in {@link ReportQuery#columns()}
 * @param totals one value per metric over all matching events
 */
public record Report(List<String> columns, List<ReportRow> rows, List<@Nullable Double> totals, QueryMeta meta) {

    public Report {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        totals = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(totals));
        Objects.requireNonNull(meta, "meta");
    }

    /** The same answer with other metadata, e.g. the time measured by the caller. */
    public Report withMeta(QueryMeta newMeta) {
        return new Report(columns, rows, totals, newMeta);
    }
}
