package io.eventlens.core.storage.contract;

import static io.eventlens.core.storage.contract.ReportRequestBuilder.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportRequest.Direction;
import io.eventlens.core.query.ReportRow;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Time series: buckets in the report's zone across DST changes and odd offsets, zero-filled, with top-N series ranked
 * over the whole range.
 */
public interface TimeBucketContract extends StorageContract {

    List<String> ZONES = List.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu");

    static Stream<Arguments> zonesAndGranularities() {
        return ZONES.stream()
                .flatMap(zone -> Stream.of(
                        Arguments.of(zone, Granularity.MINUTE, "2026-03-10T03:50:00Z", "2026-03-10T05:05:00Z"),
                        Arguments.of(zone, Granularity.HOUR, "2026-03-06T00:00:00Z", "2026-03-11T00:00:00Z"),
                        Arguments.of(zone, Granularity.HOUR, "2026-10-23T07:30:00Z", "2026-11-03T00:00:00Z"),
                        Arguments.of(
                                zone,
                                Granularity.DAY,
                                ContractDataset.SPRING_FROM.toString(),
                                ContractDataset.SPRING_TO.toString()),
                        Arguments.of(
                                zone,
                                Granularity.DAY,
                                ContractDataset.FALL_FROM.toString(),
                                ContractDataset.FALL_TO.toString()),
                        Arguments.of(
                                zone,
                                Granularity.WEEK,
                                ContractDataset.ALL_FROM.toString(),
                                ContractDataset.ALL_TO.toString()),
                        Arguments.of(
                                zone,
                                Granularity.MONTH,
                                ContractDataset.ALL_FROM.toString(),
                                ContractDataset.ALL_TO.toString())));
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("io.eventlens.core.storage.contract.TimeBucketContract#zonesAndGranularities")
    default void bucketsByEachGranularityInEachZone(String zone, Granularity granularity, String from, String to) {
        Report expected = fixture()
                .assertReport(report("events", "uniqueUsers", "revenue")
                        .every(granularity)
                        .in(zone)
                        .between(Instant.parse(from), Instant.parse(to)));
        assertThat(expected.rows()).hasSizeGreaterThan(2);
    }

    @Test
    default void berlinSpringForwardDayHas23Hours() {
        Report expected = fixture()
                .assertReport(report("events", "sessions")
                        .every(Granularity.DAY)
                        .in("Europe/Berlin")
                        .between(Instant.parse("2026-03-27T00:00:00Z"), Instant.parse("2026-03-31T00:00:00Z")));
        assertThat(buckets(expected))
                .containsExactly(
                        OffsetDateTime.parse("2026-03-27T00:00+01:00"),
                        OffsetDateTime.parse("2026-03-28T00:00+01:00"),
                        OffsetDateTime.parse("2026-03-29T00:00+01:00"),
                        OffsetDateTime.parse("2026-03-30T00:00+02:00"),
                        OffsetDateTime.parse("2026-03-31T00:00+02:00"));
        assertThat(Duration.between(buckets(expected).get(2), buckets(expected).get(3)))
                .hasHours(23);
    }

    @Test
    default void berlinFallBackDayHas25Hours() {
        Report expected = fixture()
                .assertReport(report("events", "sessions")
                        .every(Granularity.DAY)
                        .in("Europe/Berlin")
                        .between(Instant.parse("2026-10-24T00:00:00Z"), Instant.parse("2026-10-26T23:00:00Z")));
        assertThat(buckets(expected))
                .containsExactly(
                        OffsetDateTime.parse("2026-10-24T00:00+02:00"),
                        OffsetDateTime.parse("2026-10-25T00:00+02:00"),
                        OffsetDateTime.parse("2026-10-26T00:00+01:00"));
        assertThat(Duration.between(buckets(expected).get(1), buckets(expected).get(2)))
                .hasHours(25);
    }

    @Test
    default void berlinRepeatedHourIsTwoHourBuckets() {
        Report expected = fixture()
                .assertReport(report("events")
                        .every(Granularity.HOUR)
                        .in("Europe/Berlin")
                        .between(Instant.parse("2026-10-24T23:00:00Z"), Instant.parse("2026-10-25T03:00:00Z")));
        assertThat(buckets(expected))
                .containsExactly(
                        OffsetDateTime.parse("2026-10-25T01:00+02:00"), OffsetDateTime.parse("2026-10-25T02:00+02:00"),
                        OffsetDateTime.parse("2026-10-25T02:00+01:00"), OffsetDateTime.parse("2026-10-25T03:00+01:00"));
        assertThat(expected.rows().get(1).values().getFirst()).isPositive();
        assertThat(expected.rows().get(2).values().getFirst()).isPositive();
    }

    @Test
    default void berlinSkippedHourHasNoBucket() {
        Report expected = fixture()
                .assertReport(report("events")
                        .every(Granularity.HOUR)
                        .in("Europe/Berlin")
                        .between(Instant.parse("2026-03-29T00:00:00Z"), Instant.parse("2026-03-29T03:00:00Z")));
        assertThat(buckets(expected))
                .containsExactly(
                        OffsetDateTime.parse("2026-03-29T01:00+01:00"),
                        OffsetDateTime.parse("2026-03-29T03:00+02:00"),
                        OffsetDateTime.parse("2026-03-29T04:00+02:00"));
    }

    @Test
    default void newYorkRepeatedHourIsTwoHourBuckets() {
        Report expected = fixture()
                .assertReport(report("events", "uniqueUsers")
                        .every(Granularity.HOUR)
                        .in("America/New_York")
                        .between(Instant.parse("2026-11-01T04:00:00Z"), Instant.parse("2026-11-01T08:00:00Z")));
        assertThat(buckets(expected))
                .containsExactly(
                        OffsetDateTime.parse("2026-11-01T00:00-04:00"), OffsetDateTime.parse("2026-11-01T01:00-04:00"),
                        OffsetDateTime.parse("2026-11-01T01:00-05:00"), OffsetDateTime.parse("2026-11-01T02:00-05:00"));
        assertThat(expected.rows().get(1).values().getFirst()).isPositive();
        assertThat(expected.rows().get(2).values().getFirst()).isPositive();
    }

    @Test
    default void newYorkDaysAcrossBothChanges() {
        Report spring = fixture()
                .assertReport(report("events")
                        .every(Granularity.DAY)
                        .in("America/New_York")
                        .between(Instant.parse("2026-03-07T05:00:00Z"), Instant.parse("2026-03-09T04:00:00Z")));
        assertThat(buckets(spring))
                .containsExactly(
                        OffsetDateTime.parse("2026-03-07T00:00-05:00"), OffsetDateTime.parse("2026-03-08T00:00-05:00"));
        Report fall = fixture()
                .assertReport(report("events")
                        .every(Granularity.DAY)
                        .in("America/New_York")
                        .between(Instant.parse("2026-10-31T04:00:00Z"), Instant.parse("2026-11-02T05:00:00Z")));
        assertThat(buckets(fall))
                .containsExactly(
                        OffsetDateTime.parse("2026-10-31T00:00-04:00"), OffsetDateTime.parse("2026-11-01T00:00-04:00"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "Asia/Kolkata,   2026-03-09T18:30:00Z, 2026-03-10T03:30:00Z, 2026-03-10T04:30:00Z",
        "Asia/Kathmandu, 2026-03-09T18:15:00Z, 2026-03-10T03:15:00Z, 2026-03-10T04:15:00Z"
    })
    default void oddOffsetsShiftDayAndHourStarts(String zone, Instant midnight, Instant hour, Instant nextHour) {
        Report days = fixture()
                .assertReport(report("events")
                        .every(Granularity.DAY)
                        .in(zone)
                        .between(Instant.parse("2026-03-09T12:00:00Z"), Instant.parse("2026-03-11T00:00:00Z")));
        assertThat(buckets(days))
                .extracting(OffsetDateTime::toInstant)
                .containsExactly(midnight.minus(Duration.ofDays(1)), midnight, midnight.plus(Duration.ofDays(1)));
        Report hours = fixture()
                .assertReport(report("events")
                        .every(Granularity.HOUR)
                        .in(zone)
                        .between(hour.plusSeconds(60), nextHour.plusSeconds(60)));
        assertThat(buckets(hours)).extracting(OffsetDateTime::toInstant).containsExactly(hour, nextHour);
        assertThat(hours.rows())
                .allSatisfy(row -> assertThat(row.values().getFirst()).isPositive());
    }

    @Test
    default void weeksStartOnMondayAndMonthsOnTheFirst() {
        Report weeks =
                fixture().assertReport(report("events").every(Granularity.WEEK).in("Europe/Berlin"));
        assertThat(buckets(weeks)).allSatisfy(start -> {
            assertThat(start.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
            assertThat(start.toLocalTime()).isEqualTo(java.time.LocalTime.MIDNIGHT);
        });
        Report months = fixture()
                .assertReport(
                        report("events", "revenue").every(Granularity.MONTH).in("America/New_York"));
        assertThat(buckets(months)).hasSize(11).allSatisfy(start -> {
            assertThat(start.getDayOfMonth()).isEqualTo(1);
            assertThat(start.toLocalTime()).isEqualTo(java.time.LocalTime.MIDNIGHT);
        });
    }

    @Test
    default void theFirstBucketStartsBeforeARangeThatStartsInsideIt() {
        Report expected = fixture()
                .assertReport(report("events")
                        .every(Granularity.DAY)
                        .between(ContractDataset.EDGE_FROM, Instant.parse("2026-03-17T00:00:00Z")));
        assertThat(buckets(expected).getFirst()).isEqualTo(OffsetDateTime.parse("2026-03-15T00:00Z"));
        assertThat(expected.rows()).hasSize(2);
    }

    @Test
    default void topSeriesAreRankedOverTheWholeRangeAndFilledInEveryBucket() {
        Report expected = fixture()
                .assertReport(report("events", "revenue")
                        .by("country")
                        .every(Granularity.DAY)
                        .between(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-11T00:00:00Z"))
                        .limit(3));
        assertThat(expected.rows()).hasSize(30);
        List<List<String>> series =
                expected.rows().stream().limit(3).map(ReportRow::dimensions).toList();
        for (int bucket = 0; bucket < 10; bucket++) {
            assertThat(expected.rows().subList(bucket * 3, bucket * 3 + 3))
                    .extracting(ReportRow::dimensions)
                    .containsExactlyElementsOf(series);
        }
    }

    @Test
    default void topSeriesCanBeRankedByADimensionOrAMetricAscending() {
        fixture()
                .assertReport(report("events")
                        .by("device")
                        .every(Granularity.WEEK)
                        .orderBy("device", Direction.DESC)
                        .limit(3));
        fixture()
                .assertReport(report("uniqueUsers", "events")
                        .by("browser", "properties.beta")
                        .every(Granularity.MONTH)
                        .in("Asia/Kathmandu")
                        .orderBy("uniqueUsers", Direction.ASC)
                        .limit(4));
    }

    @Test
    default void seriesAreZeroInBucketsWithoutTheirEvents() {
        Report expected = fixture()
                .assertReport(report("events", "uniqueUsers", "sessions", "revenue")
                        .by("type")
                        .every(Granularity.HOUR)
                        .in("Asia/Kolkata")
                        .between(Instant.parse("2026-03-10T00:00:00Z"), Instant.parse("2026-03-11T00:00:00Z")));
        assertThat(expected.rows()).anySatisfy(row -> assertThat(row.values()).containsExactly(0.0, 0.0, 0.0, 0.0));
    }

    @Test
    default void filtersApplyInsideEveryBucket() {
        fixture()
                .assertReport(report("events", "revenue")
                        .by("properties.plan")
                        .every(Granularity.DAY)
                        .in("Europe/Berlin")
                        .where("properties.score", io.eventlens.core.query.FilterOp.GT, "5")
                        .between(ContractDataset.FALL_FROM, ContractDataset.FALL_TO));
    }

    private static List<OffsetDateTime> buckets(Report report) {
        return report.rows().stream()
                .map(ReportRow::bucket)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
    }
}
