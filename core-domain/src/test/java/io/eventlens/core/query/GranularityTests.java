package io.eventlens.core.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bucket starts and next starts, with every expected instant written out by hand. */
class GranularityTests {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @ParameterizedTest(name = "{0} of {1} in {2} starts at {3}")
    @CsvSource({
        "MINUTE, 2026-03-10T04:20:59.999999Z, UTC,            2026-03-10T04:20:00Z",
        "HOUR,   2026-03-10T04:20:00Z,        UTC,            2026-03-10T04:00:00Z",
        // Kolkata is +05:30: 09:50 local starts at 09:00 local = 03:30Z.
        "HOUR,   2026-03-10T04:20:00Z,        Asia/Kolkata,   2026-03-10T03:30:00Z",
        // Kathmandu is +05:45: 10:05 local starts at 10:00 local = 04:15Z.
        "HOUR,   2026-03-10T04:20:00Z,        Asia/Kathmandu, 2026-03-10T04:15:00Z",
        "HOUR,   2026-03-10T04:14:59.999999Z, Asia/Kathmandu, 2026-03-10T03:15:00Z",
        "DAY,    2026-03-10T04:20:00Z,        Asia/Kathmandu, 2026-03-09T18:15:00Z",
        "DAY,    2026-03-09T18:29:59Z,        Asia/Kolkata,   2026-03-08T18:30:00Z",
        "DAY,    2026-03-09T18:30:00Z,        Asia/Kolkata,   2026-03-09T18:30:00Z",
        "DAY,    2026-03-29T12:00:00Z,        Europe/Berlin,  2026-03-28T23:00:00Z",
        "DAY,    2026-10-25T12:00:00Z,        Europe/Berlin,  2026-10-24T22:00:00Z",
        "DAY,    2026-11-01T12:00:00Z,        America/New_York, 2026-11-01T04:00:00Z",
        // 2026-03-01 is a Sunday: its week started on Monday 2026-02-23.
        "WEEK,   2026-03-01T23:59:59Z,        UTC,            2026-02-23T00:00:00Z",
        "WEEK,   2026-03-02T00:00:00Z,        UTC,            2026-03-02T00:00:00Z",
        // Sunday 2026-03-29 23:30 in Berlin belongs to the week of Monday 2026-03-23 (then +01:00).
        "WEEK,   2026-03-29T21:30:00Z,        Europe/Berlin,  2026-03-22T23:00:00Z",
        "MONTH,  2026-02-28T23:30:00Z,        UTC,            2026-02-01T00:00:00Z",
        // 2026-03-01 00:30 in Berlin is still February in UTC, but March locally.
        "MONTH,  2026-02-28T23:30:00Z,        Europe/Berlin,  2026-02-28T23:00:00Z",
        "MONTH,  2026-11-01T03:59:59Z,        America/New_York, 2026-10-01T04:00:00Z"
    })
    void startsBucketsInTheReportZone(Granularity granularity, Instant instant, String zone, Instant start) {
        assertThat(granularity.bucketStart(instant, ZoneId.of(zone))).isEqualTo(start);
    }

    @Test
    void berlinSpringForwardDayHas23Hours() {
        Instant day = Granularity.DAY.bucketStart(Instant.parse("2026-03-29T12:00:00Z"), BERLIN);
        Instant next = Granularity.DAY.nextBucketStart(day, BERLIN);
        assertThat(next).isEqualTo(Instant.parse("2026-03-29T22:00:00Z"));
        assertThat(Duration.between(day, next)).isEqualTo(Duration.ofHours(23));
    }

    @Test
    void berlinFallBackDayHas25Hours() {
        Instant day = Granularity.DAY.bucketStart(Instant.parse("2026-10-25T12:00:00Z"), BERLIN);
        Instant next = Granularity.DAY.nextBucketStart(day, BERLIN);
        assertThat(next).isEqualTo(Instant.parse("2026-10-25T23:00:00Z"));
        assertThat(Duration.between(day, next)).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void theRepeatedHourOfAFallBackIsTwoBuckets() {
        // 02:00-03:00 local happens at +02:00 (00:00Z) and again at +01:00 (01:00Z).
        assertThat(Granularity.HOUR.bucketStart(Instant.parse("2026-10-25T00:30:00Z"), BERLIN))
                .isEqualTo(Instant.parse("2026-10-25T00:00:00Z"));
        assertThat(Granularity.HOUR.bucketStart(Instant.parse("2026-10-25T01:30:00Z"), BERLIN))
                .isEqualTo(Instant.parse("2026-10-25T01:00:00Z"));
        assertThat(Granularity.HOUR.nextBucketStart(Instant.parse("2026-10-25T00:00:00Z"), BERLIN))
                .isEqualTo(Instant.parse("2026-10-25T01:00:00Z"));
        assertThat(Granularity.HOUR.nextBucketStart(Instant.parse("2026-11-01T05:00:00Z"), NEW_YORK))
                .isEqualTo(Instant.parse("2026-11-01T06:00:00Z"));
        assertThat(Granularity.HOUR.bucketStart(Instant.parse("2026-11-01T06:59:59Z"), NEW_YORK))
                .isEqualTo(Instant.parse("2026-11-01T06:00:00Z"));
    }

    @Test
    void theSkippedHourOfASpringForwardHasNoBucket() {
        // 01:00+01:00 (00:00Z) is followed by 03:00+02:00 (01:00Z).
        assertThat(Granularity.HOUR.nextBucketStart(Instant.parse("2026-03-29T00:00:00Z"), BERLIN))
                .isEqualTo(Instant.parse("2026-03-29T01:00:00Z"));
        assertThat(Granularity.HOUR.bucketStart(Instant.parse("2026-03-29T01:30:00Z"), BERLIN))
                .isEqualTo(Instant.parse("2026-03-29T01:00:00Z"));
    }

    @Test
    void weeksAreSevenLocalDaysFromMonday() {
        Instant week = Instant.parse("2026-03-22T23:00:00Z");
        // The week holding Berlin's spring-forward is 7 days minus one hour.
        assertThat(Granularity.WEEK.nextBucketStart(week, BERLIN)).isEqualTo(Instant.parse("2026-03-29T22:00:00Z"));
        assertThat(Granularity.WEEK.nextBucketStart(Instant.parse("2026-03-02T00:00:00Z"), ZoneOffset.UTC))
                .isEqualTo(Instant.parse("2026-03-09T00:00:00Z"));
    }

    @ParameterizedTest(name = "{0} has {1} days")
    @CsvSource({"2026-01-01, 31", "2026-02-01, 28", "2028-02-01, 29", "2026-04-01, 30", "2026-12-01, 31"})
    void monthsHaveTheirCalendarLengths(String firstDay, long days) {
        Instant month = Instant.parse(firstDay + "T00:00:00Z");
        assertThat(Duration.between(month, Granularity.MONTH.nextBucketStart(month, ZoneOffset.UTC)))
                .isEqualTo(Duration.ofDays(days));
    }

    @Test
    void aMonthAcrossADstChangeIsOneHourShorterOrLonger() {
        Instant march = Instant.parse("2026-02-28T23:00:00Z");
        Instant april = Granularity.MONTH.nextBucketStart(march, BERLIN);
        assertThat(april).isEqualTo(Instant.parse("2026-03-31T22:00:00Z"));
        assertThat(Duration.between(march, april)).isEqualTo(Duration.ofDays(31).minusHours(1));
    }

    /*
     * Australia/Lord_Howe falls back by 30 minutes (2026-04-05 02:00+11:00 -> 01:30+10:30). Truncating local time
     * while keeping the instant's offset (PostgreSQL's date_trunc rule) must still move forward.
     */
    @Test
    void hourBucketsAdvanceAcrossAHalfHourFallBack() {
        ZoneId lordHowe = ZoneId.of("Australia/Lord_Howe");
        Instant start = Instant.parse("2026-04-04T14:00:00Z");
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(Granularity.HOUR.nextBucketStart(start, lordHowe)).isAfter(start);
            assertThat(BucketSeries.covering(
                            new TimeRange(start, start.plus(Duration.ofHours(3))), Granularity.HOUR, lordHowe))
                    .hasSizeBetween(3, 5);
        });
    }

    @Test
    void minutesInKathmanduStepByOneMinute() {
        ZoneId kathmandu = ZoneId.of("Asia/Kathmandu");
        assertThat(Granularity.MINUTE.nextBucketStart(Instant.parse("2026-03-10T04:14:00Z"), kathmandu))
                .isEqualTo(Instant.parse("2026-03-10T04:15:00Z"));
    }
}
