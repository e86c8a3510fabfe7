package io.eventlens.app.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reports with a granularity: zero-filled buckets in a time zone, top series, DST days. */
class ReportGranularityTests extends GraphQlEndToEnd {

    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** Berlin's clocks jumped from 02:00 to 03:00 that night: a 23-hour day. */
    private static final Instant SPRING_FORWARD_DAY = Instant.parse("2023-03-25T23:00:00Z");

    private final long seed = new Random().nextLong();
    private final Instant day = SampleEvents.day(2);
    private List<SentEvent> events = List.of();
    private List<SentEvent> dstEvents = List.of();
    /**
     * Everything this run sent: the expectations count it all, since the random day of {@code events} may land on the
     * fixed days of {@code dstEvents} (it did on 2026-12-06: day(2) was 2023-03-25, and all four tests failed).
     */
    private List<SentEvent> sent = List.of();

    @BeforeAll
    void sendEvents() {
        Random random = new Random(seed);
        events = SampleEvents.random(random, day, Duration.ofDays(1), 400);
        dstEvents = Stream.concat(
                        SampleEvents.random(random, SPRING_FORWARD_DAY, Duration.ofHours(23), 120).stream(),
                        SampleEvents.random(
                                random, SPRING_FORWARD_DAY.plus(Duration.ofHours(23)), Duration.ofHours(24), 30)
                                .stream())
                .toList();
        sent = Stream.concat(events.stream(), dstEvents.stream()).toList();
        ingestAll(sent);
    }

    @Test
    void hourBucketsFollowAHalfHourOffsetAndAreZeroFilled() {
        Instant to = day.plus(Duration.ofDays(1));
        ReportResult report = report(Map.of(
                "metrics",
                List.of("events", "revenue"),
                "granularity",
                "HOUR",
                "timezone",
                "Asia/Kolkata",
                "from",
                day.toString(),
                "to",
                to.toString(),
                "filters",
                runOnly()));

        // +05:30 all year: local hours start at :30 UTC, so a UTC day touches 25 of them, the first before `from`.
        List<Instant> starts = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            starts.add(day.minus(Duration.ofMinutes(30)).plus(Duration.ofHours(i)));
        }
        assertThat(report.rowTexts())
                .as("seed %d", seed)
                .containsExactlyElementsOf(expectedRows(
                        sent, day, to, starts, KOLKATA, List.of(), List.of(List.of()), List.of("events", "revenue")));
    }

    @Test
    void dayBucketsCoverTheWholeRangeForTheTopSeries() {
        Instant from = day.minus(Duration.ofDays(1));
        Instant to = day.plus(Duration.ofDays(2));
        ReportResult report = report(Map.of(
                "metrics",
                List.of("events", "sessions"),
                "dimensions",
                List.of("device"),
                "granularity",
                "DAY",
                "timezone",
                "America/Los_Angeles",
                "limit",
                2,
                "from",
                from.toString(),
                "to",
                to.toString(),
                "filters",
                runOnly()));

        List<Instant> starts = new ArrayList<>();
        for (ZonedDateTime start = from.atZone(LOS_ANGELES).toLocalDate().atStartOfDay(LOS_ANGELES);
                start.toInstant().isBefore(to);
                start = start.plusDays(1)) {
            starts.add(start.toInstant());
        }
        assertThat(starts).hasSizeBetween(3, 4);
        List<SentEvent> inRange = Expected.where(
                sent, e -> !e.timestamp().isBefore(from) && e.timestamp().isBefore(to));
        List<List<@Nullable String>> series = Expected.groups(inRange, List.of("device")).entrySet().stream()
                .sorted(Comparator.<Map.Entry<List<@Nullable String>, List<SentEvent>>>comparingInt(
                                g -> -g.getValue().size())
                        .thenComparing(Map.Entry::getKey, Expected.tupleOrder()))
                .limit(2)
                .map(Map.Entry::getKey)
                .toList();
        assertThat(report.rowTexts())
                .as("seed %d", seed)
                .containsExactlyElementsOf(expectedRows(
                        sent, from, to, starts, LOS_ANGELES, List.of("device"), series, List.of("events", "sessions")));
        assertThat(report.rows()).hasSize(starts.size() * 2);
        assertThat(report.totals().getFirst()).isEqualTo((double) inRange.size());
    }

    @Test
    void aSpringForwardDayHasTwentyThreeHourBuckets() {
        Instant to = SPRING_FORWARD_DAY.plus(Duration.ofHours(23));
        ReportResult report = report(Map.of(
                "metrics",
                List.of("events"),
                "granularity",
                "HOUR",
                "timezone",
                "Europe/Berlin",
                "from",
                SPRING_FORWARD_DAY.toString(),
                "to",
                to.toString(),
                "filters",
                runOnly()));

        List<Instant> starts = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            starts.add(SPRING_FORWARD_DAY.plus(Duration.ofHours(i)));
        }
        assertThat(report.rowTexts())
                .containsExactlyElementsOf(expectedRows(
                        sent,
                        SPRING_FORWARD_DAY,
                        to,
                        starts,
                        BERLIN,
                        List.of(),
                        List.of(List.of()),
                        List.of("events")));
        assertThat(report.rows().get(1).bucket()).endsWith("+01:00");
        assertThat(report.rows().get(2).bucket()).endsWith("+02:00");
    }

    @Test
    void dayBucketsAcrossTheChangeStartAtLocalMidnight() {
        Instant from = Instant.parse("2023-03-25T12:00:00Z");
        Instant to = Instant.parse("2023-03-27T23:00:00Z");
        ReportResult report = report(Map.of(
                "metrics",
                List.of("events", "uniqueUsers"),
                "granularity",
                "DAY",
                "timezone",
                "Europe/Berlin",
                "from",
                from.toString(),
                "to",
                to.toString(),
                "filters",
                runOnly()));

        List<Instant> starts = List.of(
                Instant.parse("2023-03-24T23:00:00Z"),
                Instant.parse("2023-03-25T23:00:00Z"),
                Instant.parse("2023-03-26T22:00:00Z"),
                Instant.parse("2023-03-27T22:00:00Z"));
        assertThat(report.rowTexts())
                .containsExactlyElementsOf(expectedRows(
                        sent,
                        from,
                        to,
                        starts,
                        BERLIN,
                        List.of(),
                        List.of(List.of()),
                        List.of("events", "uniqueUsers")));
    }

    /** Only this run's events, so fixed dates stay safe from other tests that might use them too. */
    private static List<Map<String, Object>> runOnly() {
        return List.of(ReportQueryTests.filter("properties.run", "EQ", SampleEvents.RUN));
    }

    /** Every series gets a row in every bucket, rows ordered by bucket then series rank. */
    private static List<String> expectedRows(
            List<SentEvent> events,
            Instant from,
            Instant to,
            List<Instant> starts,
            ZoneId zone,
            List<String> dimensions,
            List<List<@Nullable String>> series,
            List<String> metrics) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            Instant start = starts.get(i);
            Instant end = i + 1 < starts.size() ? starts.get(i + 1) : to;
            OffsetDateTime bucket = start.atZone(zone).toOffsetDateTime();
            for (List<@Nullable String> tuple : series) {
                List<SentEvent> inBucket = Expected.where(
                        events,
                        e -> !e.timestamp().isBefore(from)
                                && e.timestamp().isBefore(to)
                                && !e.timestamp().isBefore(start)
                                && e.timestamp().isBefore(end)
                                && dimensions.stream()
                                        .map(e::dimension)
                                        .toList()
                                        .equals(tuple));
                rows.add(Expected.row(bucket, tuple, Expected.metrics(metrics, inBucket)));
            }
        }
        return rows;
    }
}
