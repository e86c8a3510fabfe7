package io.eventlens.core.query;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/**
 * Time bucket sizes. Buckets are computed in the report's time zone: a DAY starts at local midnight (23 or 25 hours
 * long across DST changes), a WEEK starts on Monday (ISO), a MONTH on the 1st. MINUTE and HOUR buckets truncate
 * local time and keep the offset, so the repeated hour of a DST fall-back is two buckets.
 */
public enum Granularity {
    MINUTE,
    HOUR,
    DAY,
    WEEK,
    MONTH;

    /** The start of the bucket that contains {@code instant}. */
    public Instant bucketStart(Instant instant, ZoneId zone) {
        ZonedDateTime local = instant.atZone(zone);
        return switch (this) {
            // Truncate the local time but keep the instant's own offset (as PostgreSQL's date_trunc does): the
            // repeated hour of a fall-back stays two buckets, and a 30-minute DST shift cannot loop.
            case MINUTE ->
                local.toOffsetDateTime().truncatedTo(ChronoUnit.MINUTES).toInstant();
            case HOUR -> local.toOffsetDateTime().truncatedTo(ChronoUnit.HOURS).toInstant();
            case DAY -> local.toLocalDate().atStartOfDay(zone).toInstant();
            case WEEK ->
                local.toLocalDate()
                        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                        .atStartOfDay(zone)
                        .toInstant();
            case MONTH ->
                local.toLocalDate().withDayOfMonth(1).atStartOfDay(zone).toInstant();
        };
    }

    /** The start of the bucket after the one starting at {@code bucketStart}. */
    public Instant nextBucketStart(Instant bucketStart, ZoneId zone) {
        return switch (this) {
            // Step past the bucket in absolute time, then truncate: correct across DST and odd offsets.
            case MINUTE -> bucketStart(bucketStart.plus(1, ChronoUnit.MINUTES), zone);
            case HOUR -> bucketStart(bucketStart.plus(1, ChronoUnit.HOURS), zone);
            case DAY ->
                bucketStart
                        .atZone(zone)
                        .toLocalDate()
                        .plusDays(1)
                        .atStartOfDay(zone)
                        .toInstant();
            case WEEK ->
                bucketStart
                        .atZone(zone)
                        .toLocalDate()
                        .plusWeeks(1)
                        .atStartOfDay(zone)
                        .toInstant();
            case MONTH ->
                bucketStart
                        .atZone(zone)
                        .toLocalDate()
                        .plusMonths(1)
                        .atStartOfDay(zone)
                        .toInstant();
        };
    }
}
