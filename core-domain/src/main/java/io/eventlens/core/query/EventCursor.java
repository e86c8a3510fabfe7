package io.eventlens.core.query;

import io.eventlens.core.event.Event;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

/**
 * A position in the newest-first event order {@code (timestamp desc, id desc)}. Opaque to clients; stable because
 * both parts are immutable properties of an event.
 */
public record EventCursor(Instant timestamp, UUID id) {

    private static final String VERSION = "e1";

    public EventCursor {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(id, "id");
    }

    public static EventCursor of(Event event) {
        return new EventCursor(event.timestamp(), event.id());
    }

    /** The opaque text form handed to clients. */
    public String encode() {
        String plain = VERSION + ":" + timestamp.getEpochSecond() + ":" + timestamp.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a cursor from {@link #encode()}; anything else fails with {@link QueryException} INVALID_CURSOR. */
    public static EventCursor decode(String text, String field) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            String[] parts = plain.split(":", -1);
            if (parts.length != 4 || !parts[0].equals(VERSION)) {
                throw new IllegalArgumentException("unknown cursor format");
            }
            Instant timestamp = Instant.ofEpochSecond(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
            return new EventCursor(timestamp, UUID.fromString(parts[3]));
        } catch (RuntimeException e) {
            throw new QueryException(
                    ErrorCode.INVALID_CURSOR,
                    field,
                    "is not a cursor from this API; pass the endCursor or an edge cursor of a previous page");
        }
    }
}
