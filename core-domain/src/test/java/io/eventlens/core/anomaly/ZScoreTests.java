package io.eventlens.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The scoring math, against values computed by hand. */
class ZScoreTests {

    private static final OffsetDateTime BUCKET = OffsetDateTime.parse("2026-05-01T00:00:00Z");

    /** Mean 5, population standard deviation 2 (squared deviations 9+1+1+1+0+0+4+16 = 32, /8 = 4). */
    private static final List<@Nullable Double> WINDOW = List.of(2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0);

    @Test
    void aValueBeyondTheBandIsFlaggedWithItsZScoreAndBand() {
        AnomalyBucket scored = score(WINDOW, 11.0, 8, 2.5);

        assertThat(scored.expected()).isEqualTo(5.0);
        assertThat(scored.zScore()).isCloseTo(3.0, within(1e-12));
        assertThat(scored.lower()).isCloseTo(0.0, within(1e-12));
        assertThat(scored.upper()).isCloseTo(10.0, within(1e-12));
        assertThat(scored.anomaly()).isTrue();
    }

    @Test
    void aZScoreEqualToTheThresholdIsNotAnAnomaly() {
        AnomalyBucket scored = score(WINDOW, 11.0, 8, 3.0);

        assertThat(scored.zScore()).isCloseTo(3.0, within(1e-12));
        assertThat(scored.anomaly()).isFalse();
    }

    @Test
    void dropsAreAnomaliesToo() {
        AnomalyBucket scored = score(WINDOW, -1.0, 8, 2.0);

        assertThat(scored.zScore()).isCloseTo(-3.0, within(1e-12));
        assertThat(scored.lower()).isCloseTo(1.0, within(1e-12));
        assertThat(scored.anomaly()).isTrue();
    }

    @Test
    void onlyTheLastWindowValuesCount() {
        // window 2 sees 7 and 9 only: mean 8, stddev 1, so 12 is z = 4.
        AnomalyBucket scored = score(WINDOW, 12.0, 2, 3.0);

        assertThat(scored.expected()).isEqualTo(8.0);
        assertThat(scored.zScore()).isCloseTo(4.0, within(1e-12));
        assertThat(scored.anomaly()).isTrue();
    }

    @Test
    void aFlatWindowHasNoZScoreAndFlagsAnyChange() {
        List<@Nullable Double> flat = List.of(3.0, 3.0, 3.0);

        AnomalyBucket same = score(flat, 3.0, 3, 3.0);
        AnomalyBucket changed = score(flat, 4.0, 3, 3.0);

        assertThat(same.zScore()).isNull();
        assertThat(same.anomaly()).isFalse();
        assertThat(changed.zScore()).isNull();
        assertThat(changed.expected()).isEqualTo(3.0);
        assertThat(changed.lower()).isEqualTo(3.0);
        assertThat(changed.upper()).isEqualTo(3.0);
        assertThat(changed.anomaly()).isTrue();
    }

    @Test
    void undefinedValuesAreSkippedAndTooLittleHistoryMeansNoExpectation() {
        AnomalyBucket thin = score(Arrays.asList(null, 4.0, null), 100.0, 3, 3.0);
        // nulls are left out of the window: 2 and 6 give mean 4, stddev 2.
        AnomalyBucket gappy = score(Arrays.asList(2.0, null, 6.0), 10.0, 3, 2.0);
        AnomalyBucket missing = score(WINDOW, null, 8, 3.0);

        assertThat(thin.expected()).isNull();
        assertThat(thin.anomaly()).isFalse();
        assertThat(gappy.expected()).isEqualTo(4.0);
        assertThat(gappy.zScore()).isCloseTo(3.0, within(1e-12));
        assertThat(gappy.anomaly()).isTrue();
        assertThat(missing.zScore()).isNull();
        assertThat(missing.expected()).isEqualTo(5.0);
        assertThat(missing.anomaly()).isFalse();
    }

    private static AnomalyBucket score(
            List<@Nullable Double> history, @Nullable Double value, int window, double threshold) {
        List<@Nullable Double> values = new ArrayList<>(history);
        values.add(value);
        return ZScore.score(BUCKET, values, values.size() - 1, window, threshold);
    }
}
