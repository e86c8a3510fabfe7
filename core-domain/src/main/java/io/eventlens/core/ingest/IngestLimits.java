package io.eventlens.core.ingest;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on what one batch and one event may contain, so a single client cannot exhaust the server or fill the store
 * with junk.
 *
 * <p>{@code maxPropertiesPerEvent} counts every key of the {@code properties} object at every nesting level
 * ({@code {"a": {"b": 1}}} is two), so nesting cannot dodge the limit. Array elements are not keys; the request body
 * limit bounds them. {@code maxPropertyDepth} counts the {@code properties} object itself as level 1, and every nested
 * object or array adds one. Lengths are counted in Unicode code points.
 *
 * @param maxEventsPerBatch events per ingest call
 * @param maxPropertiesPerEvent keys in {@code properties}, nested keys included
 * @param maxPropertyDepth nesting levels of {@code properties}, the object itself being level 1
 * @param maxStringLength length of a text field and of a string value inside {@code properties}
 * @param maxUrlLength length of {@code page} and {@code referrer}, which hold URLs
 * @param maxTypeLength length of {@code type}
 * @param maxFutureSkew how far past the server's clock a timestamp may be (client clocks drift)
 * @param maxAge how far before the server's clock a timestamp may be
 */
public record IngestLimits(
        int maxEventsPerBatch,
        int maxPropertiesPerEvent,
        int maxPropertyDepth,
        int maxStringLength,
        int maxUrlLength,
        int maxTypeLength,
        Duration maxFutureSkew,
        Duration maxAge) {

    public IngestLimits {
        positive(maxEventsPerBatch, "maxEventsPerBatch");
        positive(maxPropertiesPerEvent, "maxPropertiesPerEvent");
        positive(maxPropertyDepth, "maxPropertyDepth");
        positive(maxStringLength, "maxStringLength");
        positive(maxUrlLength, "maxUrlLength");
        positive(maxTypeLength, "maxTypeLength");
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxFutureSkew.isNegative() || maxAge.isNegative()) {
            throw new IllegalArgumentException("maxFutureSkew and maxAge must not be negative");
        }
    }

    public static IngestLimits defaults() {
        return new IngestLimits(10_000, 100, 5, 1_024, 4_096, 128, Duration.ofHours(1), Duration.ofDays(3_650));
    }

    private static void positive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
