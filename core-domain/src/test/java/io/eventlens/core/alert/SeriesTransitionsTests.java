package io.eventlens.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The series state machine: when it fires, when it resolves, and that flapping notifies once per incident. */
class SeriesTransitionsTests {

    private static final Instant T0 = Instant.parse("2026-12-06T01:00:00Z");

    private static AlertRule rule(AlertCondition condition, Duration pendingFor, Duration resolveAfter) {
        return new AlertRule(
                ProjectId.DEFAULT,
                "r",
                "rule",
                "events",
                List.of(),
                null,
                1,
                "5m",
                Duration.ofMinutes(5),
                condition,
                pendingFor,
                resolveAfter,
                null,
                false,
                T0);
    }

    /** Feeds values one second apart and collects the notifications, applying every move like a store would. */
    private static List<String> run(AlertRule rule, @Nullable Double... values) {
        SeriesState state = SeriesState.initial("r", "");
        List<String> notified = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            SeriesTransitions.Next next = SeriesTransitions.next(rule, state, values[i], List.of(), T0.plusSeconds(i));
            if (next != null) {
                assertThat(next.state().version()).isEqualTo(state.version() + 1);
                state = next.state();
                if (next.notification() != null) {
                    notified.add(next.notification() + "#" + state.incident() + "@" + i);
                }
            }
        }
        return notified;
    }

    @Test
    void firesAtOnceAboveTheThresholdAndResolvesWhenBackAtIt() {
        AlertRule rule = rule(new AlertCondition.Above(4), Duration.ZERO, Duration.ZERO);

        assertThat(run(rule, 1.0, 4.0, 5.0, 9.0, 4.0, 3.0, 5.0))
                .containsExactly("FIRING#1@2", "RESOLVED#1@4", "FIRING#2@6");
    }

    @Test
    void waitsForTheForDurationAndForgetsAPendingBreachThatEnds() {
        AlertRule rule = rule(new AlertCondition.Above(4), Duration.ofSeconds(2), Duration.ZERO);

        // Breached at 1 and 2 only (not 2 s long): nothing. Then from 4 on: fires at 6, two seconds later.
        assertThat(run(rule, 0.0, 5.0, 5.0, 0.0, 5.0, 5.0, 5.0, 5.0)).containsExactly("FIRING#1@6");
    }

    @Test
    void aFlappingMetricWithinResolveAfterNotifiesOnce() {
        AlertRule rule = rule(new AlertCondition.Above(4), Duration.ZERO, Duration.ofSeconds(3));

        assertThat(run(rule, 5.0, 0.0, 5.0, 0.0, 0.0, 5.0, 0.0, 0.0, 0.0, 0.0))
                .containsExactly("FIRING#1@0", "RESOLVED#1@9");
    }

    @Test
    void noValueIsNoBreach() {
        AlertRule below = rule(new AlertCondition.Below(1), Duration.ZERO, Duration.ZERO);

        assertThat(run(below, (Double) null, 0.0, null)).containsExactly("FIRING#1@1", "RESOLVED#1@2");
    }

    @Test
    void aChangeComparesWithThePreviousWindowInEitherDirection() {
        assertThat(new AlertCondition.Change(50).breached(16.0, List.of(10.0))).isTrue();
        assertThat(new AlertCondition.Change(50).breached(15.0, List.of(10.0))).isFalse();
        assertThat(new AlertCondition.Change(-50).breached(4.0, List.of(10.0))).isTrue();
        assertThat(new AlertCondition.Change(-50).breached(5.0, List.of(10.0))).isFalse();
        assertThat(new AlertCondition.Change(50).breached(100.0, List.of(0.0)))
                .as("no percent of nothing")
                .isFalse();
        assertThat(new AlertCondition.Change(50).breached(16.0, nulls(1))).isFalse();
        assertThat(new AlertCondition.Change(50).breached(16.0, List.of())).isFalse();
    }

    @Test
    void anAnomalyIsMoreThanKStandardDeviationsFromTheMeanOfThePreviousWindows() {
        List<@Nullable Double> before = List.of(10.0, 12.0, 8.0, 10.0, 14.0, 6.0, 99.0);
        // The first six only (windows = 6); the seventh lies beyond them. Computed here: mean 10, population
        // variance (0 + 4 + 4 + 0 + 16 + 16) / 6 = 40 / 6, so the band at k = 2 is 10 ± 2 * sqrt(40 / 6).
        double stddev = Math.sqrt(40.0 / 6);
        AlertCondition.Anomaly anomaly = new AlertCondition.Anomaly(2, 6);
        assertThat(anomaly.breached(10 + 2 * stddev + 0.01, before)).isTrue();
        assertThat(anomaly.breached(10 + 2 * stddev - 0.01, before)).isFalse();
        assertThat(anomaly.breached(10 - 2 * stddev - 0.01, before))
                .as("a fall too")
                .isTrue();
        assertThat(anomaly.breached(10 - 2 * stddev + 0.01, before)).isFalse();
        assertThat(anomaly.breached(null, before)).as("no value").isFalse();
        // Unknown windows do not count; fewer than two known ones are no baseline.
        List<@Nullable Double> sparse = new ArrayList<>(nulls(5));
        sparse.add(0, 10.0);
        assertThat(anomaly.breached(1_000.0, sparse)).isFalse();
        sparse.set(3, 12.0);
        assertThat(anomaly.breached(1_000.0, sparse)).isTrue();
        // A flat baseline is left by any other value, as the anomalies scan flags it.
        assertThat(anomaly.breached(6.0, List.of(5.0, 5.0, 5.0, 5.0, 5.0, 5.0))).isTrue();
        assertThat(anomaly.breached(5.0, List.of(5.0, 5.0, 5.0, 5.0, 5.0, 5.0))).isFalse();
        assertThat(anomaly.windowsBefore()).isEqualTo(6);
    }

    @Test
    void anAnomalyFiresAndResolvesThroughTheStateMachine() {
        AlertRule rule = rule(new AlertCondition.Anomaly(3, 4), Duration.ZERO, Duration.ZERO);
        List<@Nullable Double> before = List.of(10.0, 11.0, 9.0, 10.0);
        SeriesState state = SeriesState.initial("r", "");
        assertThat(SeriesTransitions.next(rule, state, 10.5, before, T0)).isNull();
        SeriesTransitions.Next fired = SeriesTransitions.next(rule, state, 40.0, before, T0);
        assertThat(fired.notification()).isEqualTo(AlertNotification.Kind.FIRING);
        SeriesTransitions.Next resolved = SeriesTransitions.next(rule, fired.state(), 10.0, before, T0.plusSeconds(1));
        assertThat(resolved.notification()).isEqualTo(AlertNotification.Kind.RESOLVED);
    }

    private static List<@Nullable Double> nulls(int count) {
        List<@Nullable Double> nulls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            nulls.add(null);
        }
        return nulls;
    }
}
