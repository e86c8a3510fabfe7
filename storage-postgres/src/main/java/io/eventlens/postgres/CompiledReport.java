package io.eventlens.postgres;

import java.time.Instant;
import java.util.List;

/**
 * A report as SQL: the row statement, the totals statement, and how the row statement's result is laid out.
 *
 * <p>Row layouts: {@code FLAT} is {@code d0..dn, m0..mk}; {@code SERIES} is {@code bucket, m0..mk};
 * {@code RANKED_SERIES} is {@code rank, d0..dn, bucket, m0..mk}, where {@code bucket} is the 1-based index into
 * {@code bucketStarts}. Totals are {@code m0..mk} in one row.
 */
record CompiledReport(Layout layout, SqlStatement rows, SqlStatement totals, List<Instant> bucketStarts) {

    CompiledReport {
        bucketStarts = List.copyOf(bucketStarts);
    }

    /** How result columns are arranged. */
    enum Layout { FLAT, SERIES, RANKED_SERIES }
}
