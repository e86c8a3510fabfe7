package io.eventlens.core.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.eventlens.core.ProjectId;
import io.eventlens.core.analysis.Funnel;
import io.eventlens.core.analysis.FunnelQuery;
import io.eventlens.core.analysis.FunnelStep;
import io.eventlens.core.analysis.Retention;
import io.eventlens.core.analysis.RetentionQuery;
import io.eventlens.core.event.Event;
import io.eventlens.core.storage.EventStorage;
import io.eventlens.core.storage.WriteResult;
import java.util.List;
import reactor.test.StepVerifier;

/** Runs funnels and retention on the engine and compares them with the oracles, number by number. */
final class AnalysisChecks {

    private AnalysisChecks() {}

    /** Writes hand-placed events into their own project, so a scenario sees nothing else. */
    static ProjectId scenario(EventStorage storage, List<Event> events) {
        ProjectId project = ContractFixture.freshProject();
        storage.write(project, events)
                .as(StepVerifier::create)
                .expectNext(new WriteResult(events.size(), 0))
                .verifyComplete();
        return project;
    }

    /** Asserts the engine's funnel equals the oracle's and returns the oracle's. */
    static FunnelOracle.Expected assertFunnel(EventStorage storage, List<Event> events, FunnelQuery query) {
        FunnelOracle.Expected expected = new FunnelOracle(events).funnel(query);
        storage.funnel(query)
                .as(StepVerifier::create)
                .assertNext(actual -> {
                    assertSteps("steps", actual.steps(), expected.steps(), query);
                    assertThat(actual.breakdown())
                            .extracting(Funnel.Group::value)
                            .as("breakdown values")
                            .containsExactlyElementsOf(expected.breakdown().stream()
                                    .map(FunnelOracle.Group::value)
                                    .toList());
                    for (int i = 0; i < expected.breakdown().size(); i++) {
                        assertSteps(
                                "breakdown[" + i + "]",
                                actual.breakdown().get(i).steps(),
                                expected.breakdown().get(i).steps(),
                                query);
                    }
                })
                .verifyComplete();
        return expected;
    }

    private static void assertSteps(
            String what, List<FunnelStep> actual, List<FunnelOracle.Step> expected, FunnelQuery query) {
        assertThat(actual).as(what).hasSize(expected.size());
        long first = expected.getFirst().users();
        for (int i = 0; i < expected.size(); i++) {
            FunnelStep step = actual.get(i);
            FunnelOracle.Step want = expected.get(i);
            String at = what + " step " + (i + 1);
            assertThat(step.step()).as(at).isEqualTo(i + 1);
            assertThat(step.type()).as(at).isEqualTo(query.steps().get(i).type());
            assertThat(step.users()).as(at + " users").isEqualTo(want.users());
            long previous = i == 0 ? first : expected.get(i - 1).users();
            assertThat(step.conversionFromPrevious())
                    .as(at + " conversionFromPrevious")
                    .isCloseTo(previous == 0 ? 0 : want.users() / (double) previous, within(1e-9));
            assertThat(step.conversionFromFirst())
                    .as(at + " conversionFromFirst")
                    .isCloseTo(first == 0 ? 0 : want.users() / (double) first, within(1e-9));
            if (want.medianSeconds() == null) {
                assertThat(step.medianSecondsToConvert()).as(at + " median").isNull();
            } else {
                assertThat(step.medianSecondsToConvert())
                        .as(at + " median")
                        .isCloseTo(want.medianSeconds(), within(1e-6));
            }
        }
    }

    /** Asserts the engine's cohort matrix equals the oracle's and returns the oracle's. */
    static List<RetentionOracle.Cohort> assertRetention(
            EventStorage storage, List<Event> events, RetentionQuery query) {
        List<RetentionOracle.Cohort> expected = new RetentionOracle(events).retention(query);
        storage.retention(query)
                .as(StepVerifier::create)
                .assertNext(actual -> {
                    assertThat(actual.granularity()).isEqualTo(query.granularity());
                    assertThat(actual.cohorts())
                            .extracting(c -> c.start().toInstant())
                            .as("cohort starts")
                            .containsExactlyElementsOf(expected.stream()
                                    .map(RetentionOracle.Cohort::start)
                                    .toList());
                    for (int i = 0; i < expected.size(); i++) {
                        Retention.Cohort cohort = actual.cohorts().get(i);
                        RetentionOracle.Cohort want = expected.get(i);
                        String at = "cohort " + want.start();
                        assertThat(cohort.start().getOffset())
                                .as(at + " offset")
                                .isEqualTo(query.zone().getRules().getOffset(want.start()));
                        assertThat(cohort.users()).as(at + " users").isEqualTo(want.users());
                        assertThat(cohort.periods())
                                .extracting(Retention.Period::users)
                                .as(at + " returned")
                                .containsExactlyElementsOf(want.returned());
                        for (int k = 0; k < want.returned().size(); k++) {
                            Retention.Period period = cohort.periods().get(k);
                            assertThat(period.period()).as(at + " period index").isEqualTo(k);
                            double percentage = want.users() == 0
                                    ? 0
                                    : 100.0 * want.returned().get(k) / want.users();
                            assertThat(period.percentage())
                                    .as(at + " period " + k + " percentage")
                                    .isCloseTo(percentage, within(1e-9));
                        }
                    }
                })
                .verifyComplete();
        return expected;
    }
}
