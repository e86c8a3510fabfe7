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

    public EventDraft {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
