package io.eventlens.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The seal trail follows how late fresh batches arrive, within its bounds, and ignores history being loaded. */
class SealTrailTests {

    private final SealTrail trail = new SealTrail();
    private final Instant now = Instant.parse("2026-12-05T12:00:00Z");

    @Test
    void withoutWritesTheTrailIsShortestAndPromptOnesAddOnlyTheirLatenessToTheMargin() {
        assertThat(trail.current()).isEqualTo(SealTrail.SHORTEST);
        for (int i = 0; i < 100; i++) {
            trail.observe(now, now.minusMillis(i)); // 0 .. 99 ms late, evenly: the 95th percentile is 94 ms
        }
        assertThat(trail.current()).isEqualTo(Duration.ofMillis(94).plus(SealTrail.MARGIN));
        assertThat(trail.current()).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void batchesStampedSecondsBeforeTheyArriveLengthenItToTheirNinetyFifthPercentileAndAMargin() {
        for (int i = 1; i <= 100; i++) {
            trail.observe(now, now.minusMillis(i * 50L)); // 50 ms .. 5 s late, evenly
        }
        assertThat(trail.current()).isEqualTo(Duration.ofMillis(95 * 50L).plus(SealTrail.MARGIN));
    }

    @Test
    void itNeverGrowsPastTheLongestNorCountsHistoryBeingLoaded() {
        for (int i = 0; i < 100; i++) {
            trail.observe(now, now.minusSeconds(45));
            trail.observe(now, now.minus(Duration.ofDays(3)));
        }
        assertThat(trail.current()).isEqualTo(SealTrail.LONGEST);
    }
}
