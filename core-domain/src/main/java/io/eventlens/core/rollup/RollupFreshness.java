package io.eventlens.core.rollup;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How far behind the clock an engine's rollup upkeep on this instance is, and how its backfill of history goes, for
 * operators: a watermark that stops moving means reports read ever more raw events (slower, still exact).
 */
public interface RollupFreshness {

    /**
     * The oldest watermark among the projects this instance seals (all rollups of a project share one); null before
     * the first seal.
     */
    @Nullable
    Instant oldestWatermark();

    /** How far behind the clock seals stop, learnt from how late batches arrive. */
    Duration sealTrail();

    /** Backfill work left: projects whose rollups this instance last found with history still to fill in. */
    int projectsBackfilling();

    /** Backfill work done: slices of history this instance has added to rollups since it started. */
    long backfillSlices();
}
