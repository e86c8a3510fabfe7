package io.eventlens.core.storage.contract;

import io.eventlens.core.query.Granularity;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Bucket starts derived straight from the documented rules of {@link Granularity}, without calling it, so a bug in
 * the main code's bucketing is caught instead of copied.
 */
public final class OracleBuckets {

    /** Every UTC offset of the zones the suite uses is a whole number of quarter hours. */
    private static final Duration QUARTER_HOUR = Duration.ofMinutes(15);

    private OracleBuckets() {}

    /** The starts of all buckets overlapping {@code [from, to)}, ascending. */
    public static List<Instant> covering(Instant from, Instant to, Granularity granularity, ZoneId zone) {
        return switch (granularity) {
            case MINUTE -> truncatedStarts(from, to, Duration.ofMinutes(1), granularity, zone);
            case HOUR -> truncatedStarts(from, to, QUARTER_HOUR, granularity, zone);
            case DAY -> calendarStarts(from, to, localDate(from, zone), zone, date -> date.plusDays(1));
            case WEEK -> {
                LocalDate date = localDate(from, zone);
                LocalDate monday = date.minusDays(date.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue());
                yield calendarStarts(from, to, monday, zone, day -> day.plusDays(7));
            }
            case MONTH ->
                calendarStarts(from, to, localDate(from, zone).withDayOfMonth(1), zone, date -> date.plusMonths(1));
        };
    }

    /**
     * MINUTE and HOUR: local wall time truncated, keeping the offset in force at the instant. Sampling the range
     * densely enough that every bucket holds a sample finds each bucket once, repeated DST hours included.
     */
    private static List<Instant> truncatedStarts(
            Instant from, Instant to, Duration step, Granularity granularity, ZoneId zone) {
        TreeSet<Instant> starts = new TreeSet<>();
        for (Instant sample = from; sample.isBefore(to); sample = sample.plus(step)) {
            starts.add(truncated(sample, granularity, zone));
        }
        starts.add(truncated(to.minusNanos(1), granularity, zone));
        return new ArrayList<>(starts);
    }

    private static Instant truncated(Instant instant, Granularity granularity, ZoneId zone) {
        ZoneOffset offset = zone.getRules().getOffset(instant);
        LocalDateTime local = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), offset);
        LocalTime time = granularity == Granularity.MINUTE
                ? LocalTime.of(local.getHour(), local.getMinute())
                : LocalTime.of(local.getHour(), 0);
        return OffsetDateTime.of(local.toLocalDate(), time, offset).toInstant();
    }

    /** DAY, WEEK, MONTH: local midnights (the first valid local time of the day if midnight were skipped). */
    private static List<Instant> calendarStarts(
            Instant from, Instant to, LocalDate first, ZoneId zone, java.util.function.UnaryOperator<LocalDate> next) {
        List<Instant> starts = new ArrayList<>();
        for (LocalDate date = first; ; date = next.apply(date)) {
            Instant start =
                    ZonedDateTime.ofLocal(date.atStartOfDay(), zone, null).toInstant();
            if (!start.isBefore(to)) {
                return starts;
            }
            starts.add(start);
        }
    }

    private static LocalDate localDate(Instant instant, ZoneId zone) {
        ZoneOffset offset = zone.getRules().getOffset(instant);
        return LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), offset)
                .toLocalDate();
    }

    /** The index of the bucket holding {@code instant}: the last start at or before it. */
    public static int indexOf(List<Instant> starts, Instant instant) {
        int index = java.util.Collections.binarySearch(starts, instant);
        return index >= 0 ? index : -index - 2;
    }
}
