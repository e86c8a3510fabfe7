package io.eventlens.core.storage;

import io.eventlens.core.event.Event;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A batch's events by id. Repeats of an id inside one batch are duplicates: the first occurrence is the one stored,
 * on every engine, and the repeats count as {@link WriteResult#duplicates()}.
 *
 * @param byId the first occurrence of each id, in the batch's order
 * @param inBatchDuplicates how many events repeated an id seen earlier in the batch
 */
public record UniqueEvents(Map<UUID, Event> byId, int inBatchDuplicates) {

    public static UniqueEvents of(List<Event> batch) {
        Map<UUID, Event> unique = new LinkedHashMap<>();
        batch.forEach(event -> unique.putIfAbsent(event.id(), event));
        return new UniqueEvents(Collections.unmodifiableMap(unique), batch.size() - unique.size());
    }
}
