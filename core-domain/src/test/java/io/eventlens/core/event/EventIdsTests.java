package io.eventlens.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTests {

    @Test
    void idsAreVersion7WithTheirMillisecondOnTop() {
        long millis = 1_796_515_200_123L; // 2026-12-06T00:00:00.123Z
        UUID id = EventIds.timeOrdered(millis);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2); // RFC 9562
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
        assertThat(id.toString()).startsWith(String.format("%08x-%04x-7", millis >>> 16, millis & 0xFFFF));
    }

    @Test
    void idsOfLaterMillisecondsSortAfterAndNoTwoAreEqual() {
        List<UUID> ids = new ArrayList<>();
        for (long millis = 1_796_515_200_000L; millis < 1_796_515_200_000L + 1_000; millis++) {
            for (int i = 0; i < 20; i++) {
                ids.add(EventIds.timeOrdered(millis));
            }
        }
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        for (int i = 20; i < ids.size(); i += 20) {
            // UUID.compareTo compares signed longs; the timestamps here keep the top bit clear, so it is time order.
            assertThat(ids.get(i).toString().substring(0, 13))
                    .isGreaterThan(ids.get(i - 1).toString().substring(0, 13));
        }
    }
}
