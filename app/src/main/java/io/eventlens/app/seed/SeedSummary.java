package io.eventlens.app.seed;

import java.time.Duration;
import java.util.Locale;

/** What a seed run did: events generated, newly stored and already present, and how long it took. */
record SeedSummary(long events, long inserted, long duplicates, Duration elapsed) {

    double seconds() {
        return elapsed.toNanos() / 1e9;
    }

    String describe() {
        double seconds = Math.max(seconds(), 1e-9);
        return String.format(
                Locale.ROOT,
                "Seeded %d events: %d new, %d duplicates in %.2f s (%.0f events/s)",
                events,
                inserted,
                duplicates,
                seconds(),
                events / seconds);
    }
}
