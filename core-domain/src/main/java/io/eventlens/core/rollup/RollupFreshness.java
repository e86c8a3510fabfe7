package io.eventlens.core.rollup;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How far behind the clock an engine's rollup upkeep on this instance is, for operators: a watermark that stops
 * moving means reports read ever more raw events (slower, still exact).
 */
public interface RollupFreshness {

    /**
     * The oldest watermark among the projects this instance seals (all rollups of a project share one); null before
     * the first seal.
     */
    @Nullable Instant oldestWatermark();

    /** How far behind the clock seals stop, learnt from how late batches arrive. */
    Duration sealTrail();
}
