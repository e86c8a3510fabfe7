package io.eventlens.core.seed;

import java.util.SplittableRandom;

/**
 * When visits happen: more in the evening than at night, fewer at weekends, in the visitor's local time. Sessions
 * start at instants drawn by rejection sampling against that profile, so the shape holds for any window.
 */
final class TrafficClock {

    private static final long MICROS_PER_MINUTE = 60_000_000L;
    private static final long MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
    private static final long MICROS_PER_DAY = 24 * MICROS_PER_HOUR;
    // Tries before taking a candidate anyway: even the quietest hour (weight ~0.08) is accepted long before.
    private static final int MAX_TRIES = 64;

    /** Relative traffic per local hour of the day, peak 1.0 in the evening. */
    private static final double[] HOURLY = {
        0.34, 0.22, 0.14, 0.10, 0.10, 0.12, 0.22, 0.40, 0.60, 0.74, 0.84, 0.90, 0.92, 0.90, 0.87, 0.87, 0.90, 0.95,
        1.00, 1.00, 0.96, 0.86, 0.70, 0.50
    };
    /** Relative traffic per local day, Monday first. */
    private static final double[] DAILY = {1.00, 0.99, 0.98, 0.97, 0.92, 0.74, 0.80};

    private TrafficClock() {}

    /**
     * A start in {@code [from, from + range)} epoch microseconds, weighted by the local time of a visitor
     * {@code offsetMinutes} east of UTC.
     */
    static long start(SplittableRandom random, long fromMicros, long rangeMicros, int offsetMinutes) {
        long candidate = fromMicros;
        for (int i = 0; i < MAX_TRIES; i++) {
            candidate = fromMicros + (long) (random.nextDouble() * rangeMicros);
            if (random.nextDouble() < weight(candidate, offsetMinutes)) {
                return candidate;
            }
        }
        return candidate;
    }

    /** The relative traffic at an instant for a visitor {@code offsetMinutes} east of UTC, in (0, 1]. */
    static double weight(long epochMicros, int offsetMinutes) {
        long local = epochMicros + offsetMinutes * MICROS_PER_MINUTE;
        int hour = (int) Math.floorMod(Math.floorDiv(local, MICROS_PER_HOUR), 24L);
        long day = Math.floorDiv(local, MICROS_PER_DAY);
        // 1970-01-01 was a Thursday: day 0 is index 3 with Monday first.
        int weekday = (int) Math.floorMod(day + 3, 7L);
        return HOURLY[hour] * DAILY[weekday];
    }
}
