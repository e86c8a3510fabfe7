package io.eventlens.gatling;

import io.eventlens.core.event.Event;
import io.eventlens.core.seed.EventGenerator;
import io.eventlens.core.seed.EventJson;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * An endless feeder of ingest bodies: each entry is one batch of realistic events as JSON ({@code body}) and its size
 * ({@code events}), cut from the seeder's traffic over the last day. Virtual users share it, hence the lock.
 */
final class EventBatches implements Iterator<Map<String, Object>> {

    // Enough for any run; the generator is lazy, so the count costs nothing up front.
    private static final long ENDLESS = Long.MAX_VALUE / 2;

    private final Iterator<List<Event>> batches;

    /** @param seed a fresh seed per run stores new events; a repeated seed sends duplicates */
    EventBatches(long seed, int batchSize, int users) {
        this.batches = new EventGenerator(seed, Instant.now(), Duration.ofDays(1), users).batches(ENDLESS, batchSize);
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public Map<String, Object> next() {
        List<Event> batch;
        synchronized (batches) {
            batch = batches.next();
        }
        return Map.of("body", EventJson.array(batch), "events", batch.size());
    }
}
