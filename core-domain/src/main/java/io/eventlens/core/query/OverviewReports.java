package io.eventlens.core.query;

import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Metric;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * An {@link Overview} as two reports, so every engine answers it through its report planner (rollups where they
 * hold, raw events elsewhere) and the report cache keeps it: the headline metrics over the overview's range, and
 * {@code events} over {@code [now - 1h, now)}.
 */
public final class OverviewReports {

    /**
     * Where an overview without {@code from} starts: before any timestamp ingestion accepts (10 years back) and
     * inside every engine's timestamp range (ClickHouse's {@code DateTime64} starts at 1900).
     */
    public static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

    /**
     * Where an overview without {@code to} ends: far past any timestamp ingestion accepts (an hour ahead), inside
     * every engine's range, and on the "never" watermark of ClickHouse's rollups, so no raw tail follows them.
     */
    public static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    private static final List<Metric> HEADLINE =
            List.of(BuiltInMetric.EVENTS, BuiltInMetric.UNIQUE_USERS, BuiltInMetric.SESSIONS, BuiltInMetric.REVENUE);
    private static final List<Metric> EVENTS = List.of(BuiltInMetric.EVENTS);
    /** Ranked by events, never by a distinct count: a report ranked by one may not use sketches. */
    private static final List<SortKey> BY_EVENTS = List.of(new SortKey.ByMetric(0, true));

    private OverviewReports() {}

    /** Answers the overview with {@code reports}, both reports at once. */
    public static Mono<Overview> answer(OverviewQuery query, Function<ReportQuery, Mono<Report>> reports) {
        return Mono.defer(() -> Mono.zip(reports.apply(headline(query)), reports.apply(lastHour(query))))
                .map(answers -> overview(answers.getT1(), answers.getT2()));
    }

    /** {@code events, uniqueUsers, sessions, revenue} over the overview's range, approximate if it allows. */
    public static ReportQuery headline(OverviewQuery query) {
        return new ReportQuery(
                query.project(),
                HEADLINE,
                List.of(),
                List.of(),
                range(query),
                null,
                ZoneOffset.UTC,
                BY_EVENTS,
                1,
                false,
                null,
                query.approximate() ? ReportQuery.Sources.APPROXIMATE : ReportQuery.Sources.ANY);
    }

    /**
     * {@code events} over the hour up to the next whole second after now, whatever the range. Rounded up, never down,
     * so an event stamped now still counts; and overviews asked within one second ask the same report, which the
     * read rounds and the report cache then answer once (a busy dashboard asks dozens a second).
     */
    public static ReportQuery lastHour(OverviewQuery query) {
        Instant end = query.now().truncatedTo(ChronoUnit.SECONDS);
        if (end.isBefore(query.now())) {
            end = end.plusSeconds(1);
        }
        return new ReportQuery(
                query.project(),
                EVENTS,
                List.of(),
                List.of(),
                new TimeRange(end.minus(Duration.ofHours(1)), end),
                null,
                ZoneOffset.UTC,
                BY_EVENTS,
                1,
                false,
                null,
                ReportQuery.Sources.ANY);
    }

    /** The overview from the totals of {@link #headline} and {@link #lastHour}. */
    public static Overview overview(Report headline, Report lastHour) {
        List<@Nullable Double> totals = headline.totals();
        return new Overview(
                count(totals.get(0)),
                count(totals.get(1)),
                count(totals.get(2)),
                value(totals.get(3)),
                count(lastHour.totals().getFirst()),
                headline.meta().approximate());
    }

    /**
     * The overview's range: an open side reaches {@link #EARLIEST} or {@link #LATEST}, or just past the other bound
     * when that lies beyond them, so the range is never empty (a report's range must not be).
     */
    static TimeRange range(OverviewQuery query) {
        Instant from = query.from();
        Instant to = query.to();
        if (from == null) {
            from = to == null || to.isAfter(EARLIEST) ? EARLIEST : to.minus(1, ChronoUnit.MICROS);
        }
        if (to == null) {
            to = from.isBefore(LATEST) ? LATEST : from.plus(1, ChronoUnit.MICROS);
        }
        return new TimeRange(from, to);
    }

    /** Counts are whole numbers; an estimate (a sketch's) is rounded to the nearest. */
    private static long count(@Nullable Double value) {
        return value == null ? 0 : Math.round(value);
    }

    private static double value(@Nullable Double value) {
        return value == null ? 0 : value;
    }
}
