package io.eventlens.core.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The zero-fill series of bucket starts, with expected instants written out by hand. */
class BucketSeriesTests {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void coversA23HourDayInBerlin() {
        TimeRange range = new TimeRange(Instant.parse("2026-03-27T00:00:00Z"), Instant.parse("2026-03-31T00:00:00Z"));
        assertThat(BucketSeries.covering(range, Granularity.DAY, BERLIN))
                .containsExactly(
                        Instant.parse("2026-03-26T23:00:00Z"),
                        Instant.parse("2026-03-27T23:00:00Z"),
                        Instant.parse("2026-03-28T23:00:00Z"),
                        Instant.parse("2026-03-29T22:00:00Z"),
                        Instant.parse("2026-03-30T22:00:00Z"));
    }

    @Test
    void coversTheRepeatedHourAsTwoBuckets() {
        TimeRange range = new TimeRange(Instant.parse("2026-10-24T23:00:00Z"), Instant.parse("2026-10-25T03:00:00Z"));
        assertThat(BucketSeries.covering(range, Granularity.HOUR, BERLIN))
                .containsExactly(
                        Instant.parse("2026-10-24T23:00:00Z"), Instant.parse("2026-10-25T00:00:00Z"),
                        Instant.parse("2026-10-25T01:00:00Z"), Instant.parse("2026-10-25T02:00:00Z"));
    }

    @Test
    void startsWithTheBucketHoldingFromAndEndsWithTheOneHoldingTheLastInstant() {
        TimeRange range =
                new TimeRange(Instant.parse("2026-03-10T04:20:00Z"), Instant.parse("2026-03-10T06:15:00.000001Z"));
        assertThat(BucketSeries.covering(range, Granularity.HOUR, ZoneId.of("Asia/Kathmandu")))
                .containsExactly(
                        Instant.parse("2026-03-10T04:15:00Z"),
                        Instant.parse("2026-03-10T05:15:00Z"),
                        Instant.parse("2026-03-10T06:15:00Z"));
    }

    @Test
    void anAlignedRangeEndsBeforeTo() {
        TimeRange range = new TimeRange(Instant.parse("2026-03-10T00:00:00Z"), Instant.parse("2026-03-10T03:00:00Z"));
        assertThat(BucketSeries.covering(range, Granularity.HOUR, ZoneOffset.UTC))
                .containsExactly(
                        Instant.parse("2026-03-10T00:00:00Z"),
                        Instant.parse("2026-03-10T01:00:00Z"),
                        Instant.parse("2026-03-10T02:00:00Z"));
    }

    @Test
    void coversWeeksFromMonday() {
        TimeRange range = new TimeRange(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-10T00:00:00Z"));
        assertThat(BucketSeries.covering(range, Granularity.WEEK, ZoneOffset.UTC))
                .containsExactly(
                        Instant.parse("2026-02-23T00:00:00Z"),
                        Instant.parse("2026-03-02T00:00:00Z"),
                        Instant.parse("2026-03-09T00:00:00Z"));
    }

    @Test
    void coversMonthsOfAYear() {
        TimeRange range = new TimeRange(Instant.parse("2026-01-15T00:00:00Z"), Instant.parse("2026-12-31T00:00:00Z"));
        List<Instant> months = BucketSeries.covering(range, Granularity.MONTH, ZoneOffset.UTC);
        assertThat(months).hasSize(12);
        assertThat(months).element(2).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(months).last().isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    }

    @Test
    void countsWithoutBuildingBeyondTheCap() {
        TimeRange range = new TimeRange(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-11T00:00:00Z"));
        assertThat(BucketSeries.count(range, Granularity.DAY, ZoneOffset.UTC, 100))
                .isEqualTo(10);
        assertThat(BucketSeries.count(range, Granularity.HOUR, ZoneOffset.UTC, 100))
                .isEqualTo(101);
        assertThat(BucketSeries.count(range, Granularity.DAY, BERLIN, 100))
                .isEqualTo(BucketSeries.covering(range, Granularity.DAY, BERLIN).size())
                .isEqualTo(11);
    }
}
