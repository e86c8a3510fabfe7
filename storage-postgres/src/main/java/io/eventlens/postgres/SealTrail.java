package io.eventlens.postgres;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * How far behind the clock background seals stop, from how late this instance's writes arrive. An event stamped
 * before the watermark but written after it is a late write: its batch appends rollup rows inside its own transaction,
 * which costs the write more than a seal does. Sealing behind the usual lateness of fresh events
 * keeps ordinary batches out of that path; sealing no further behind than that keeps the raw tail every report reads
 * short (at 1,000 events/s a 10-second trail is 10,000 raw rows per report, and each costs PostgreSQL ~1 µs of a
 * report's time: docs/benchmarks.md). Traffic stamped by the server or sent at once gets the shortest trail, the
 * margin above its lateness; SDKs that batch for seconds get a longer one, up to {@link #LONGEST}.
 */
final class SealTrail {

    /** Added to the observed lateness: a seal waits up to a tick, and batches take a moment to reach the lock. */
    static final Duration MARGIN = Duration.ofMillis(500);
    /** Never below the margin: batches stamped but not yet written when a seal runs would become late writes. */
    static final Duration SHORTEST = MARGIN;

    static final Duration LONGEST = Duration.ofSeconds(10);
    /** Older events are history being loaded, late whatever the trail; they do not lengthen it. */
    static final Duration FRESH = Duration.ofMinutes(1);

    private static final int WINDOW = 256;

    private final long[] lateness = new long[WINDOW];
    private int observed;

    /** Records a batch about to be written: how long before now its oldest fresh event was stamped. */
    synchronized void observe(Instant now, Instant oldestEvent) {
        long millis = Duration.between(oldestEvent, now).toMillis();
        if (millis >= 0 && millis < FRESH.toMillis()) {
            lateness[observed++ % WINDOW] = millis;
        }
    }

    /** The trail for the next seal: the 95th percentile of recent lateness plus a margin, within bounds. */
    synchronized Duration current() {
        int count = Math.min(observed, WINDOW);
        if (count == 0) {
            return SHORTEST;
        }
        long[] sorted = Arrays.copyOf(lateness, count);
        Arrays.sort(sorted);
        long p95 = sorted[(int) Math.ceil(0.95 * count) - 1];
        Duration trail = Duration.ofMillis(p95).plus(MARGIN);
        return trail.compareTo(SHORTEST) < 0 ? SHORTEST : trail.compareTo(LONGEST) > 0 ? LONGEST : trail;
    }
}
