package io.eventlens.core.storage.contract;

import io.eventlens.core.analysis.RetentionQuery;
import io.eventlens.core.event.Event;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes cohort matrices the obvious way, written from the semantics on {@link RetentionQuery}: buckets are local
 * calendar dates (day, Monday of the week, first of the month) counted with {@code java.time}, not with the
 * production bucket code.
 */
public final class RetentionOracle {

    /** One expected cohort: its start, its users, and the returning users of periods 0, 1, ... */
    public record Cohort(Instant start, long users, List<Long> returned) {}

    private final List<Event> events;

    public RetentionOracle(List<Event> events) {
        this.events = List.copyOf(events);
    }

    public List<Cohort> retention(RetentionQuery query) {
        List<LocalDate> buckets = new ArrayList<>();
        for (LocalDate day = bucket(query, query.range().from());
                start(query, day).isBefore(query.range().to());
                day = next(query, day)) {
            buckets.add(day);
        }
        List<Event> inRange = events.stream()
                .filter(e -> e.userId() != null && query.range().contains(e.timestamp()))
                .toList();
        Map<String, Instant> firstStart = new HashMap<>();
        inRange.stream()
                .filter(e -> FunnelOracle.matches(e, query.start()))
                .sorted(Comparator.comparing(Event::timestamp))
                .forEach(e -> firstStart.putIfAbsent(e.userId(), e.timestamp()));
        Map<String, Set<Integer>> returnPeriods = new HashMap<>();
        for (Event event : inRange) {
            Instant first = firstStart.get(event.userId());
            if (first != null && event.timestamp().isAfter(first) && FunnelOracle.matches(event, query.returning())) {
                int period = buckets.indexOf(bucket(query, event.timestamp())) - buckets.indexOf(bucket(query, first));
                returnPeriods
                        .computeIfAbsent(event.userId(), u -> new HashSet<>())
                        .add(period);
            }
        }
        List<Cohort> cohorts = new ArrayList<>();
        for (int index = 0; index < buckets.size(); index++) {
            LocalDate day = buckets.get(index);
            List<String> members = firstStart.entrySet().stream()
                    .filter(e -> bucket(query, e.getValue()).equals(day))
                    .map(Map.Entry::getKey)
                    .toList();
            List<Long> returned = new ArrayList<>();
            for (int period = 0; period <= query.periods() && index + period < buckets.size(); period++) {
                int p = period;
                returned.add(members.stream()
                        .filter(u -> returnPeriods.getOrDefault(u, Set.of()).contains(p))
                        .count());
            }
            cohorts.add(new Cohort(start(query, day), members.size(), returned));
        }
        return cohorts;
    }

    private static LocalDate bucket(RetentionQuery query, Instant instant) {
        LocalDate date = instant.atZone(query.zone()).toLocalDate();
        return switch (query.granularity()) {
            case DAY -> date;
            case WEEK -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> date.withDayOfMonth(1);
            default -> throw new IllegalArgumentException("not a cohort granularity: " + query.granularity());
        };
    }

    private static LocalDate next(RetentionQuery query, LocalDate bucket) {
        return switch (query.granularity()) {
            case DAY -> bucket.plus(1, ChronoUnit.DAYS);
            case WEEK -> bucket.plus(1, ChronoUnit.WEEKS);
            case MONTH -> bucket.plus(1, ChronoUnit.MONTHS);
            default -> throw new IllegalArgumentException("not a cohort granularity: " + query.granularity());
        };
    }

    private static Instant start(RetentionQuery query, LocalDate bucket) {
        return bucket.atStartOfDay(query.zone()).toInstant();
    }
}
