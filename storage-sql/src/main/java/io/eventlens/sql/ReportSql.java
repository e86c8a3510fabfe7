package io.eventlens.sql;

import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.SortKey;
import java.util.List;
import java.util.StringJoiner;
import java.util.stream.IntStream;

/** The column aliases of a report's statements and the order of its rows, the same in every engine. */
public final class ReportSql {

    private ReportSql() {}

    /** {@code d0, d1, ...}: the dimension values, in the query's order. */
    public static List<String> dimensionAliases(ReportQuery query) {
        return IntStream.range(0, query.dimensions().size())
                .mapToObj(i -> "d" + i)
                .toList();
    }

    /** {@code m0, m1, ...}: the metric values, in the query's order. */
    public static List<String> metricAliases(ReportQuery query) {
        return IntStream.range(0, query.metrics().size()).mapToObj(i -> "m" + i).toList();
    }

    /**
     * The requested order, then every dimension ascending as tie-break; nulls last either way (custom metrics may be
     * null, such as a division by zero).
     *
     * @param codePointOrder what makes the engine compare text by code point, e.g. {@code COLLATE "C"}; empty where
     *     it always does
     */
    public static String ordering(ReportQuery query, String codePointOrder) {
        String text = codePointOrder.isEmpty() ? "" : " " + codePointOrder;
        StringJoiner order = new StringJoiner(", ");
        for (SortKey key : query.orderBy()) {
            String direction = key.descending() ? " DESC" : " ASC";
            order.add(
                    switch (key) {
                        case SortKey.ByMetric m -> "m" + m.index() + direction + " NULLS LAST";
                        case SortKey.ByDimension d -> "d" + d.index() + text + direction + " NULLS LAST";
                    });
        }
        for (int i = 0; i < query.dimensions().size(); i++) {
            order.add("d" + i + text + " ASC NULLS LAST");
        }
        return order.toString();
    }
}
