package io.eventlens.ingestion;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many events each visitor sent in its current minute (from its first event on), on this instance: a page (or
 * a script posing as many pages) that floods a public key gets its excess dropped, without touching other visitors'
 * budget. When too many visitors are counted at once the counts are forgotten, which lets through at most one
 * minute more.
 */
final class VisitorLimits {

    /** Visitors counted at most. */
    static final int MAX_VISITORS = 100_000;

    private static final long MINUTE_MS = 60_000;

    private final Clock clock;
    private final int perMinute;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** A visitor's minute: when it began and the events counted in it. */
    private record Window(long start, int count) {}

    VisitorLimits(Clock clock, int perMinute) {
        this.clock = clock;
        this.perMinute = perMinute;
    }

    /** Whether the visitor may send one more event now (and counts it). */
    boolean admit(String visitor) {
        if (windows.size() > MAX_VISITORS) {
            windows.clear();
        }
        long now = clock.millis();
        Window window = windows.compute(
                visitor,
                (v, current) -> current == null || now - current.start() >= MINUTE_MS
                        ? new Window(now, 1)
                        : new Window(current.start(), current.count() + 1));
        return window.count() <= perMinute;
    }
}
