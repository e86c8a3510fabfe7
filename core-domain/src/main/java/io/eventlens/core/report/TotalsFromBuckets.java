package io.eventlens.core.report;

import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.ReportRow;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The totals of a report over time buckets without dimensions whose metrics all add up (events, revenue): the sum of
 * its rows, one per bucket of the whole range, so an engine need not read the range a second time for them. Revenue
 * is added as decimals, so the total is the double nearest the exact sum, as the database's own total would be.
 */
public final class TotalsFromBuckets {

    private TotalsFromBuckets() {}

    /** Whether the report's totals are the sum of its rows. */
    public static boolean apply(ReportQuery query) {
        return query.dimensions().isEmpty()
                && query.granularity() != null
                && query.metrics().stream()
                        .allMatch(metric -> metric == BuiltInMetric.EVENTS || metric == BuiltInMetric.REVENUE);
    }

    /** The totals of {@code rows}, a report {@link #apply} holds for. */
    public static List<@Nullable Double> of(ReportQuery query, List<ReportRow> rows) {
        BigDecimal[] sums = new BigDecimal[query.metrics().size()];
        Arrays.fill(sums, BigDecimal.ZERO);
        for (ReportRow row : rows) {
            for (int i = 0; i < sums.length; i++) {
                Double value = row.values().get(i);
                if (value != null) {
                    // Double.toString is the shortest decimal that reads back as the same double: the bucket's sum.
                    sums[i] = sums[i].add(new BigDecimal(Double.toString(value)));
                }
            }
        }
        List<@Nullable Double> totals = new ArrayList<>(sums.length);
        for (BigDecimal sum : sums) {
            totals.add(sum.doubleValue());
        }
        return totals;
    }
}
