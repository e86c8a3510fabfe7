package io.eventlens.postgres;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A report as SQL: the row statement, the totals statement where the totals need one, and how the row statement's
 * result is laid out.
 *
 * <p>Row layouts: {@code FLAT} is {@code d0..dn, m0..mk}; {@code SERIES} is {@code bucket, m0..mk};
 * {@code RANKED_SERIES} is {@code rank, d0..dn, bucket, m0..mk}, where {@code bucket} is the 1-based index into
 * {@code bucketStarts}; with {@link Totals#FLAGGED_ROW} each row ends with {@code total}. Totals are
 * {@code m0..mk} in one row. With {@code rankedHere} the row statement returns every group unordered and the engine
 * orders and limits them ({@link io.eventlens.core.rollup.ReportPlanner#rankedByTheApplication}).
 */
record CompiledReport(
        Layout layout,
        SqlStatement rows,
        @Nullable SqlStatement totals,
        Totals totalsFrom,
        List<Instant> bucketStarts,
        boolean rankedHere) {

    CompiledReport(
            Layout layout,
            SqlStatement rows,
            @Nullable SqlStatement totals,
            Totals totalsFrom,
            List<Instant> bucketStarts) {
        this(layout, rows, totals, totalsFrom, bucketStarts, false);
    }

    CompiledReport {
        bucketStarts = List.copyOf(bucketStarts);
        if ((totals == null) != (totalsFrom != Totals.SEPARATE)) {
            throw new IllegalArgumentException("a totals statement exactly when the totals are separate");
        }
    }

    /** How result columns are arranged. */
    enum Layout {
        FLAT,
        SERIES,
        RANKED_SERIES
    }

    /** Where the totals come from. */
    enum Totals {
        /** The row statement's only row: a report without dimensions or buckets. */
        SINGLE_ROW,
        /** The row statement's last row, its {@code total} column set (the others' is 0). */
        FLAGGED_ROW,
        /**
         * The row statement's flagged row as with {@link #FLAGGED_ROW}, its distinct counts null where they are the
         * union of the groups' member sets ({@link TotalsFromGroups}).
         */
        FROM_GROUPS,
        /** Their own statement. */
        SEPARATE
    }
}
