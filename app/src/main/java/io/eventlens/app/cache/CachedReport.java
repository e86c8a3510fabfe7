package io.eventlens.app.cache;

import io.eventlens.core.query.Report;

/**
 * A report answer as stored in Redis, with the write generations it was computed under.
 *
 * @param writes the project's write generation read before storage was asked
 * @param late the project's late-write generation read before storage was asked
 * @param closed whether the range had ended (before now minus the lag) when the answer was computed
 */
record CachedReport(String writes, String late, boolean closed, Report report) {

    /**
     * Whether this answer still holds: a closed range changes only through a late write, a range touching now
     * through any write.
     */
    boolean validUnder(String currentWrites, String currentLate) {
        return closed ? late.equals(currentLate) : writes.equals(currentWrites);
    }
}
