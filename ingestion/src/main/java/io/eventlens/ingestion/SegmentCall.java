package io.eventlens.ingestion;

import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The calls of Segment's HTTP Tracking API, each with the EventLens event type it stores (track: its event name). */
enum SegmentCall {
    TRACK(null),
    PAGE("page_view"),
    SCREEN("screen_view"),
    IDENTIFY("identify"),
    GROUP("group"),
    ALIAS("alias");

    private final @Nullable String eventType;

    SegmentCall(@Nullable String eventType) {
        this.eventType = eventType;
    }

    /** The stored event type; null for track, whose type is the message's {@code event}. */
    @Nullable
    String eventType() {
        return eventType;
    }

    /** Its Segment name, e.g. {@code track}, as in the message's {@code type} and the endpoint's path. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<SegmentCall> named(String type) {
        for (SegmentCall call : values()) {
            if (call.label().equals(type)) {
                return Optional.of(call);
            }
        }
        return Optional.empty();
    }
}
