package io.eventlens.core.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.storage.contract.OracleBuckets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** For random ranges, granularities and zones the bucket starts rise strictly and tile the range. */
class BucketSeriesPropertyTests {

    /** Zones with whole-hour DST shifts and odd standard offsets; 30-minute DST shifts are a known gap (see report). */
    private static final List<String> ZONES = List.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata",
            "Asia/Kathmandu", "Australia/Adelaide", "Pacific/Chatham", "America/St_Johns", "America/Santiago",
            "Pacific/Apia", "Asia/Tehran", "Africa/Casablanca");

    /** A report range and how it is bucketed. */
    record Case(Instant from, Instant to, Granularity granularity, ZoneId zone) {
    }

    @Property(tries = 400)
    void bucketStartsRiseStrictlyAndCoverTheRange(@ForAll("cases") Case c) {
        List<Instant> starts = BucketSeries.covering(new TimeRange(c.from(), c.to()), c.granularity(), c.zone());

        assertThat(starts).isNotEmpty();
        assertThat(starts.getFirst()).isEqualTo(c.granularity().bucketStart(c.from(), c.zone()))
                .isBeforeOrEqualTo(c.from());
        assertThat(starts.getLast()).isBefore(c.to());
        assertThat(c.granularity().nextBucketStart(starts.getLast(), c.zone())).isAfterOrEqualTo(c.to());
        for (int i = 1; i < starts.size(); i++) {
            assertThat(starts.get(i)).isAfter(starts.get(i - 1))
                    .isEqualTo(c.granularity().nextBucketStart(starts.get(i - 1), c.zone()));
        }
        assertThat(BucketSeries.count(new TimeRange(c.from(), c.to()), c.granularity(), c.zone(), Long.MAX_VALUE))
                .isEqualTo(starts.size());
    }

    @Property(tries = 400)
    void everyInstantOfTheRangeFallsInTheBucketThatHoldsIt(@ForAll("cases") Case c,
            @ForAll("fractions") double where) {
        List<Instant> starts = BucketSeries.covering(new TimeRange(c.from(), c.to()), c.granularity(), c.zone());
        long span = Duration.between(c.from(), c.to()).toNanos();
        Instant instant = c.from().plusNanos((long) (span * where));

        Instant start = c.granularity().bucketStart(instant, c.zone());
        assertThat(starts).contains(start);
        assertThat(starts.get(OracleBuckets.indexOf(starts, instant))).isEqualTo(start);
    }

    @Property(tries = 200)
    void agreesWithBucketsDerivedFromTheDocumentedRules(@ForAll("cases") Case c) {
        assertThat(BucketSeries.covering(new TimeRange(c.from(), c.to()), c.granularity(), c.zone()))
                .containsExactlyElementsOf(OracleBuckets.covering(c.from(), c.to(), c.granularity(), c.zone()));
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.integers().between(0, 999_999).map(i -> i / 1_000_000.0);
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Instant> from = Arbitraries.longs()
                .between(Instant.parse("2020-01-01T00:00:00Z").getEpochSecond(),
                        Instant.parse("2030-01-01T00:00:00Z").getEpochSecond())
                .map(Instant::ofEpochSecond);
        Arbitrary<Granularity> granularity = Arbitraries.of(Granularity.class);
        Arbitrary<ZoneId> zone = Arbitraries.of(ZONES).map(ZoneId::of);
        return Combinators.combine(from, granularity, zone, Arbitraries.integers().between(1, 1000))
                .as((start, g, z, share) -> new Case(start, start.plusSeconds(Math.max(1,
                        longestRange(g).toSeconds() * share / 1000)), g, z));
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
