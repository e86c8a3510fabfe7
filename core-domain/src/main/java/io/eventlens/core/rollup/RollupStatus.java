package io.eventlens.core.rollup;

import java.util.Objects;

/**
 * A rollup of one project as an admin sees it.
 *
 * @param progress share of the project's history the rollup holds, 0 to 1 (1 once backfilled)
 * @param rows rows the rollup keeps for the project
 * @param sizeBytes estimated bytes those rows take, indexes included
 * @param builtIn whether every project has it (only rollups a project defined can be removed)
 */
public record RollupStatus(Rollup rollup, State state, double progress, long rows, long sizeBytes, boolean builtIn) {

    /** Whether the planner may use the rollup over all of the project's history yet. */
    public enum State {
        /** Filling in history in the background; already answers the part it holds. */
        BACKFILLING,
        /** Holds the whole history up to the watermark. */
        READY
    }

    public RollupStatus {
        Objects.requireNonNull(rollup, "rollup");
        Objects.requireNonNull(state, "state");
    }
}
