package io.eventlens.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.event.Event;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every engine keeps the first occurrence of an id repeated inside one batch and counts the rest as duplicates. */
class UniqueEventsTests {

    @Test
    void theFirstOccurrenceOfAnIdWinsInBatchOrder() {
        UUID a = new UUID(0, 2);
        UUID b = new UUID(0, 1);
        Event first = event(a, "first");
        Event other = event(b, "other");
        Event repeat = event(a, "repeat");

        UniqueEvents unique = UniqueEvents.of(List.of(first, other, repeat, repeat));

        assertThat(unique.byId().values()).containsExactly(first, other);
        assertThat(unique.inBatchDuplicates()).isEqualTo(2);
    }

    @Test
    void anEmptyBatchHasNothing() {
        assertThat(UniqueEvents.of(List.of())).isEqualTo(new UniqueEvents(Map.of(), 0));
    }

    private static Event event(UUID id, String type) {
        return new Event(id, type, Instant.EPOCH, null, null, null, null, null, null, null, null, null, Map.of());
    }
}
