package io.eventlens.core.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.storage.contract.OracleBuckets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For random ranges, granularities and zones the bucket starts rise strictly and tile the range. Cases come from a
 * fixed seed, so a failure names a case that reproduces.
 */
class BucketSeriesPropertyTests {

    /** Zones with whole-hour and half-hour DST shifts and odd standard offsets. */
    private static final List<String> ZONES = List.of(
            "UTC",
            "Europe/Berlin",
            "America/New_York",
            "Asia/Kolkata",
            "Asia/Kathmandu",
            "Australia/Adelaide",
            "Pacific/Chatham",
            "America/St_Johns",
            "America/Santiago",
            "Pacific/Apia",
            "Asia/Tehran",
            "Africa/Casablanca",
            "Australia/Lord_Howe");

    private static final long SEED = 20261126L;

    /** A report range and how it is bucketed. */
    record Case(Instant from, Instant to, Granularity granularity, ZoneId zone) {}

    @ParameterizedTest
    @MethodSource("cases")
    void bucketStartsRiseStrictlyAndCoverTheRange(Case c) {
        List<Instant> starts = BucketSeries.covering(new TimeRange(c.from(), c.to()), c.granularity(), c.zone());

        assertThat(starts).isNotEmpty();
        assertThat(starts.getFirst())
                .isEqualTo(c.granularity().bucketStart(c.from(), c.zone()))
                .isBeforeOrEqualTo(c.from());
        assertThat(starts.getLast()).isBefore(c.to());
        assertThat(c.granularity().nextBucketStart(starts.getLast(), c.zone())).isAfterOrEqualTo(c.to());
        for (int i = 1; i < starts.size(); i++) {
            assertThat(starts.get(i))
                    .isAfter(starts.get(i - 1))
                    .isEqualTo(c.granularity().nextBucketStart(starts.get(i - 1), c.zone()));
        }
        assertThat(BucketSeries.count(new TimeRange(c.from(), c.to()), c.granularity(), c.zone(), Long.MAX_VALUE))
                .isEqualTo(starts.size());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everyInstantOfTheRangeFallsInTheBucketThatHoldsIt(Case c) {
        double where = new SplittableRandom(c.hashCode()).nextInt(1_000_000) / 1_000_000.0;
        List<Instant> starts = BucketSeries.covering(new TimeRange(c.from(), c.to()), c.granularity(), c.zone());
        long span = Duration.between(c.from(), c.to()).toNanos();
        Instant instant = c.from().plusNanos((long) (span * where));

        Instant start = c.granularity().bucketStart(instant, c.zone());
        assertThat(starts).contains(start);
        assertThat(starts.get(OracleBuckets.indexOf(starts, instant))).isEqualTo(start);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void agreesWithBucketsDerivedFromTheDocumentedRules(Case c) {
        assertThat(BucketSeries.covering(new TimeRange(c.from(), c.to()), c.granularity(), c.zone()))
                .containsExactlyElementsOf(OracleBuckets.covering(c.from(), c.to(), c.granularity(), c.zone()));
    }

    static Stream<Case> cases() {
        SplittableRandom random = new SplittableRandom(SEED);
        long earliest = Instant.parse("2020-01-01T00:00:00Z").getEpochSecond();
        long latest = Instant.parse("2030-01-01T00:00:00Z").getEpochSecond();
        return IntStream.range(0, 300).mapToObj(i -> {
            Instant start = Instant.ofEpochSecond(random.nextLong(earliest, latest));
            Granularity granularity = Granularity.values()[random.nextInt(Granularity.values().length)];
            ZoneId zone = ZoneId.of(ZONES.get(random.nextInt(ZONES.size())));
            long seconds = Math.max(1, longestRange(granularity).toSeconds() * random.nextInt(1, 1001) / 1000);
            return new Case(start, start.plusSeconds(seconds), granularity, zone);
        });
    }

    /** Long enough to cross DST changes, short enough to stay quick. */
    private static Duration longestRange(Granularity granularity) {
        return switch (granularity) {
            case MINUTE -> Duration.ofDays(2);
            case HOUR -> Duration.ofDays(120);
            case DAY -> Duration.ofDays(3 * 365);
            case WEEK, MONTH -> Duration.ofDays(20 * 365);
        };
    }
}
