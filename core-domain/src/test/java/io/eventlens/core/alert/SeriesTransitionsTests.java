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
        return new AlertRule(ProjectId.DEFAULT, "r", "rule", "events", List.of(), null, 1, "5m",
                Duration.ofMinutes(5), condition, pendingFor, resolveAfter, null, false, T0);
    }

    /** Feeds values one second apart and collects the notifications, applying every move like a store would. */
    private static List<String> run(AlertRule rule, @Nullable Double... values) {
        SeriesState state = SeriesState.initial("r", "");
        List<String> notified = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            SeriesTransitions.Next next = SeriesTransitions.next(rule, state, values[i], null, T0.plusSeconds(i));
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
        assertThat(new AlertCondition.Change(50).breached(16.0, 10.0)).isTrue();
        assertThat(new AlertCondition.Change(50).breached(15.0, 10.0)).isFalse();
        assertThat(new AlertCondition.Change(-50).breached(4.0, 10.0)).isTrue();
        assertThat(new AlertCondition.Change(-50).breached(5.0, 10.0)).isFalse();
        assertThat(new AlertCondition.Change(50).breached(100.0, 0.0)).as("no percent of nothing").isFalse();
        assertThat(new AlertCondition.Change(50).breached(16.0, null)).isFalse();
    }
}
