package io.eventlens.core.event;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids for events sent without one: version 7 UUIDs (RFC 9562), the millisecond of their making in the top 48 bits,
 * random below. Ids made close in time sort close together, so the engines' id indexes take them near their right
 * edge instead of on a random page each (random version 4 ids dirtied, and logged a full page image of, a different
 * index page per event).
 */
public final class EventIds {

    private EventIds() {}

    /** A new time-ordered id. */
    public static UUID timeOrdered() {
        return timeOrdered(Clock.systemUTC().millis());
    }

    static UUID timeOrdered(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
