package io.eventlens.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The history sweep goes on through the day a seal can still add to (an hour behind the seals), not beyond. */
class RecentCompactionTests {

    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void duringTheDayItStartsAtTheDaysMidnight() {
        assertThat(RollupMaintenance.recentFrom(Instant.parse("2026-12-06T19:16:42Z"), SECOND))
                .isEqualTo(Instant.parse("2026-12-06T00:00:00Z"));
    }

    @Test
    void justAfterMidnightItStillCoversYesterday() {
        assertThat(RollupMaintenance.recentFrom(Instant.parse("2026-12-06T00:30:00Z"), SECOND))
                .isEqualTo(Instant.parse("2026-12-05T00:00:00Z"));
    }

    @Test
    void aSealTrailingBehindMidnightKeepsYesterdayIn() {
        assertThat(RollupMaintenance.recentFrom(Instant.parse("2026-12-06T02:30:00Z"), Duration.ofHours(2)))
                .isEqualTo(Instant.parse("2026-12-05T00:00:00Z"));
        assertThat(RollupMaintenance.recentFrom(Instant.parse("2026-12-06T03:30:00Z"), Duration.ofHours(2)))
                .isEqualTo(Instant.parse("2026-12-06T00:00:00Z"));
    }
}
