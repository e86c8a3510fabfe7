package io.eventlens.core.rollup;

import java.time.Instant;

/** Instants rounded to multiples of a grain since the epoch: the row boundaries of a rollup. */
final class UtcGrid {

    private UtcGrid() {}

    static Instant floor(Instant instant, long grainSeconds) {
        long seconds = instant.getEpochSecond();
        return Instant.ofEpochSecond(seconds - Math.floorMod(seconds, grainSeconds));
    }

    static Instant ceil(Instant instant, long grainSeconds) {
        Instant floor = floor(instant, grainSeconds);
        return floor.equals(instant) ? floor : floor.plusSeconds(grainSeconds);
    }
}
