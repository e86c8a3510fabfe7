package io.eventlens.app.metrics;

import io.eventlens.core.rollup.RollupFreshness;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Instant;

/**
 * How far the rollups' watermark is behind the clock and how their backfill goes, read when scraped (nothing is
 * counted per seal).
 */
final class RollupMeters implements MeterBinder {

    private final RollupFreshness freshness;
    private final Clock clock;

    RollupMeters(RollupFreshness freshness, Clock clock) {
        this.freshness = freshness;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        // The state object is the bean, which the context holds: a gauge keeps only a weak reference to it (on this
        // object, the gauge read NaN after the first garbage collection).
        Gauge.builder("eventlens.rollups.watermark.age", freshness, this::watermarkAgeSeconds)
                .description("Seconds between now and the oldest project watermark this instance sealed: events "
                        + "newer than it are read raw. Grows without bound when sealing stops")
                .baseUnit("seconds")
                .register(meters);
        Gauge.builder(
                        "eventlens.rollups.seal.trail",
                        freshness,
                        f -> f.sealTrail().toMillis() / 1000.0)
                .description("How far behind the clock seals stop, learnt from how late batches arrive")
                .baseUnit("seconds")
                .register(meters);
        Gauge.builder("eventlens.rollups.backfill.projects", freshness, RollupFreshness::projectsBackfilling)
                .description("Projects whose rollups are still filling in history (as of this instance's last "
                        + "backfill round); 0 once every rollup holds all of it")
                .register(meters);
        FunctionCounter.builder("eventlens.rollups.backfill.slices", freshness, RollupFreshness::backfillSlices)
                .description("Slices of history this instance has added to rollups (backfill work done)")
                .register(meters);
    }

    private double watermarkAgeSeconds(RollupFreshness freshness) {
        Instant oldest = freshness.oldestWatermark();
        return oldest == null ? Double.NaN : (clock.millis() - oldest.toEpochMilli()) / 1000.0;
    }
}
