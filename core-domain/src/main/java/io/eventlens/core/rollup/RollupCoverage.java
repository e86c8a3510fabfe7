package io.eventlens.core.rollup;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one rollup holds for one project: exactly the events with {@code coveredFrom <= timestamp < watermark}, no
 * more and no fewer. Engines keep this true under concurrent writes, late events and crashes; the planner relies on
 * nothing else.
 *
 * @param coveredFrom aligned to the rollup's grain; null when the rollup holds the project's whole history
 * @param memberSets whether each row also keeps the exact sets of its distinct users and sessions (over the whole
 *                   coverage), so distinct counts merge exactly from rows that do not keep the ids as columns
 */
public record RollupCoverage(Rollup rollup, @Nullable Instant coveredFrom, Instant watermark, boolean memberSets) {

    public RollupCoverage {
        Objects.requireNonNull(rollup, "rollup");
        Objects.requireNonNull(watermark, "watermark");
    }

    /** A rollup whose rows keep no member sets. */
    public RollupCoverage(Rollup rollup, @Nullable Instant coveredFrom, Instant watermark) {
        this(rollup, coveredFrom, watermark, false);
    }

    /** Whether a rollup segment {@code [from, to)} may be read from this rollup. */
    boolean holds(Instant from, Instant to) {
        return (coveredFrom == null || !from.isBefore(coveredFrom)) && !to.isAfter(watermark);
    }
}
