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

    // Not a compact constructor: javac leaves the type-argument annotations of a compact constructor's parameters out
    // of the class file, so NullAway in other modules would read List<Double> and refuse nullable values.
    public Report(List<String> columns, List<ReportRow> rows, List<@Nullable Double> totals, QueryMeta meta) {
        this.columns = List.copyOf(columns);
        this.rows = List.copyOf(rows);
        this.totals = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(totals));
        this.meta = Objects.requireNonNull(meta, "meta");
    }

    /** The same answer with other metadata, e.g. the time measured by the caller. */
    public Report withMeta(QueryMeta newMeta) {
        return new Report(columns, rows, totals, newMeta);
    }
}
