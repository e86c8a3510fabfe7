package io.eventlens.core.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A validated event. {@code id} is the idempotency key: storing the same id twice keeps one event.
 *
 * @param properties free-form JSON object as plain Java values (String, Number, Boolean, null, List, Map)
 */
public record Event(
        UUID id,
        String type,
        Instant timestamp,
        @Nullable String userId,
        @Nullable String sessionId,
        @Nullable String country,
        @Nullable String device,
        @Nullable String browser,
        @Nullable String os,
        @Nullable String page,
        @Nullable String referrer,
        @Nullable Double revenue,
        Map<String, @Nullable Object> properties) {

    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
        properties = properties == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
    }

    /** Starts an event with the three fields every event has; the rest default to absent. */
    public static Builder builder(UUID id, String type, Instant timestamp) {
        return new Builder(id, type, timestamp);
    }

    /** Fluent construction for code and tests that set a few optional fields. */
    public static final class Builder {
        private final UUID id;
        private final String type;
        private final Instant timestamp;
        private @Nullable String userId;
        private @Nullable String sessionId;
        private @Nullable String country;
        private @Nullable String device;
        private @Nullable String browser;
        private @Nullable String os;
        private @Nullable String page;
        private @Nullable String referrer;
        private @Nullable Double revenue;
        private Map<String, @Nullable Object> properties = Map.of();

        private Builder(UUID id, String type, Instant timestamp) {
            this.id = id;
            this.type = type;
            this.timestamp = timestamp;
        }

        public Builder userId(@Nullable String value) {
            this.userId = value;
            return this;
        }

        public Builder sessionId(@Nullable String value) {
            this.sessionId = value;
            return this;
        }

        public Builder country(@Nullable String value) {
            this.country = value;
            return this;
        }

        public Builder device(@Nullable String value) {
            this.device = value;
            return this;
        }

        public Builder browser(@Nullable String value) {
            this.browser = value;
            return this;
        }

        public Builder os(@Nullable String value) {
            this.os = value;
            return this;
        }

        public Builder page(@Nullable String value) {
            this.page = value;
            return this;
        }

        public Builder referrer(@Nullable String value) {
            this.referrer = value;
            return this;
        }

        public Builder revenue(@Nullable Double value) {
            this.revenue = value;
            return this;
        }

        public Builder properties(Map<String, @Nullable Object> value) {
            this.properties = value;
            return this;
        }

        public Event build() {
            return new Event(
                    id,
                    type,
                    timestamp,
                    userId,
                    sessionId,
                    country,
                    device,
                    browser,
                    os,
                    page,
                    referrer,
                    revenue,
                    properties);
        }
    }
}
