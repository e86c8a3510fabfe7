package io.eventlens.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventlens.core.event.Event;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Cursors survive a round trip; anything that is not one of ours is INVALID_CURSOR naming the field. */
class EventCursorTests {

    private static final UUID ID = UUID.fromString("80000000-0000-4000-8000-000000000001");

    @Test
    void roundTripsTimestampToTheNanosecondAndId() {
        EventCursor cursor = new EventCursor(Instant.parse("2026-10-25T01:30:00.123456Z"), ID);
        assertThat(EventCursor.decode(cursor.encode(), "after")).isEqualTo(cursor);
        EventCursor nanos = new EventCursor(Instant.parse("1969-12-31T23:59:59.999999999Z"), ID);
        assertThat(EventCursor.decode(nanos.encode(), "after")).isEqualTo(nanos);
    }

    @Test
    void pointsAtAnEvent() {
        Event event = Event.builder(ID, "click", Instant.parse("2026-03-01T00:00:00Z"))
                .build();
        assertThat(EventCursor.of(event)).isEqualTo(new EventCursor(event.timestamp(), ID));
    }

    @Test
    void isUrlSafeText() {
        String text = new EventCursor(Instant.parse("2026-03-01T00:00:00.5Z"), ID).encode();
        assertThat(text).matches("[A-Za-z0-9_-]+");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not a cursor", "%%%", "ZTE6MTox", "e1:1:2:" + "80000000-0000-4000-8000-000000000001"})
    void refusesGarbage(String text) {
        assertInvalid(text, "after");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "e2:1772323200:0:80000000-0000-4000-8000-000000000001",
                "e1:1772323200:0:80000000-0000-4000-8000-000000000001:extra",
                "e1:soon:0:80000000-0000-4000-8000-000000000001",
                "e1:1772323200:0:not-a-uuid",
                "e1:1772323200::80000000-0000-4000-8000-000000000001",
                "e1:99999999999999999999:0:80000000-0000-4000-8000-000000000001",
                "e1:1772323200:0"
            })
    void refusesTamperedCursors(String plain) {
        assertInvalid(
                Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8)),
                "events.after");
    }

    @Test
    void refusesACursorWithOneCharacterCutOff() {
        String text = new EventCursor(Instant.parse("2026-03-01T00:00:00Z"), ID).encode();
        assertInvalid(text.substring(0, text.length() - 1), "after");
    }

    private static void assertInvalid(String text, String field) {
        assertThatThrownBy(() -> EventCursor.decode(text, field)).isInstanceOfSatisfying(QueryException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CURSOR);
            assertThat(e.field()).isEqualTo(field);
        });
    }
}
