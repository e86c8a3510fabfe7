package io.eventlens.core.ingest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An event as a client sent it: the JSON object's fields as plain Java values (String, Number, Boolean, null, List,
 * Map), not yet checked. Field names are the public ones: {@code id, type, timestamp, userId, sessionId, country,
 * device, browser, os, page, referrer, revenue, properties}.
 */
public record EventDraft(Map<String, @Nullable Object> fields) {

    // Not a compact constructor: javac leaves the type-argument annotations of a compact constructor's parameters out
    // of the class file, so NullAway in other modules would read Map<String, Object> and refuse nullable values.
    public EventDraft(Map<String, @Nullable Object> fields) {
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
