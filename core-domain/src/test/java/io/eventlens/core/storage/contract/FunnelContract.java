package io.eventlens.core.storage.contract;

import static io.eventlens.core.storage.contract.AnalysisChecks.assertFunnel;
import static io.eventlens.core.storage.contract.AnalysisChecks.scenario;
import static io.eventlens.core.storage.contract.ContractFixture.filter;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.analysis.EventSelectorRequest;
import io.eventlens.core.analysis.FunnelQuery;
import io.eventlens.core.analysis.FunnelRequest;
import io.eventlens.core.analysis.FunnelResolver;
import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.QueryLimits;
import io.eventlens.core.query.ReportRequest.FilterRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Funnels: the random dataset against the oracle, and small hand-placed scenarios (each in its own project) whose
 * numbers are also written out by hand: out-of-order steps, the window's end, repeated steps, shared timestamps,
 * users without step 1, breakdowns.
 */
public interface FunnelContract extends StorageContract {

    Instant T0 = Instant.parse("2026-05-04T10:00:00Z");
    Duration MICRO = Duration.of(1, ChronoUnit.MICROS);

    @Test
    default void followsUsersThroughTheRandomDataset() {
        FunnelQuery query = funnel(
                fixture().project(),
                List.of(step("page_view"), step("click"), step("purchase")),
                Duration.ofDays(30),
                null,
                ContractDataset.FALL_FROM,
                ContractDataset.FALL_TO,
                null);
        FunnelOracle.Expected expected =
                assertFunnel(fixture().storage(), fixture().dataset().events(), query);
        // The dataset must exercise the funnel, or the comparison proves little.
        assertThat(expected.steps().getFirst().users()).isGreaterThan(50);
        assertThat(expected.steps().get(1).users()).isPositive();
    }

    @Test
    default void appliesStepFiltersAndBreaksDownByTheAnchorsValue() {
        List<EventSelectorRequest> steps = List.of(
                step("page_view", filter("country", FilterOp.IN, "DE", "US", "IN")),
                step("click", filter("properties.items", FilterOp.GTE, "3")),
                step("purchase", filter("device", FilterOp.NEQ, "tablet")));
        FunnelQuery query = funnel(
                fixture().project(),
                steps,
                Duration.ofDays(30),
                "device",
                ContractDataset.ALL_FROM,
                ContractDataset.ALL_TO,
                null);
        FunnelOracle.Expected expected =
                assertFunnel(fixture().storage(), fixture().dataset().events(), query);
        assertThat(expected.breakdown()).hasSizeGreaterThan(2);
        assertThat(expected.steps().get(1).users()).isPositive();
    }

    @Test
    default void breaksDownByAnOddPropertyAndKeepsTheLargestGroups() {
        FunnelQuery query = funnel(
                fixture().project(),
                List.of(step("click"), step("signup"), step("click")),
                Duration.ofDays(14),
                "properties.plan",
                ContractDataset.SPRING_FROM,
                ContractDataset.SPRING_TO,
                3);
        FunnelOracle.Expected expected =
                assertFunnel(fixture().storage(), fixture().dataset().events(), query);
        assertThat(expected.breakdown()).hasSize(3);
    }

    @Test
    default void countsOnlyStepsInOrderWithinTheWindow() {
        Duration day = Duration.ofDays(1);
        List<Event> events = new ArrayList<>();
        // a: every step, B exactly at the window's end (counts), C a microsecond after it (does not).
        events.add(event("a", "A", T0));
        events.add(event("a", "B", T0.plus(day)));
        events.add(event("a", "C", T0.plus(day).plus(MICRO)));
        // b: B before A only: out of order, so b enters and stops.
        events.add(event("b", "B", T0.minus(Duration.ofHours(1))));
        events.add(event("b", "A", T0));
        events.add(event("b", "C", T0.plus(Duration.ofHours(2))));
        // c: no A at all.
        events.add(event("c", "B", T0));
        events.add(event("c", "C", T0.plus(Duration.ofHours(1))));
        // d: B at the same instant as A is not after it; a later B is, and C follows.
        events.add(event("d", "A", T0));
        events.add(event("d", "B", T0));
        events.add(event("d", "B", T0.plus(Duration.ofMinutes(10))));
        events.add(event("d", "C", T0.plus(Duration.ofMinutes(40))));
        // e: an A before the range does not anchor; the one inside does, and its window has B and C.
        events.add(event("e", "A", T0.minus(Duration.ofDays(3))));
        events.add(event("e", "B", T0.minus(Duration.ofDays(3)).plus(Duration.ofMinutes(1))));
        events.add(event("e", "A", T0.plus(Duration.ofHours(5))));
        events.add(event("e", "B", T0.plus(Duration.ofHours(6))));
        events.add(event("e", "C", T0.plus(Duration.ofHours(8))));
        // f: the window starts at the FIRST A; a second A does not restart it, so C comes too late.
        events.add(event("f", "A", T0));
        events.add(event("f", "A", T0.plus(Duration.ofHours(20))));
        events.add(event("f", "B", T0.plus(Duration.ofHours(21))));
        events.add(event("f", "C", T0.plus(Duration.ofHours(25))));
        // Without a user id nothing counts.
        events.add(event(null, "A", T0));
        events.add(event(null, "B", T0.plus(MICRO)));
        ProjectId project = scenario(fixture().storage(), events);

        FunnelQuery query = funnel(
                project,
                List.of(step("A"), step("B"), step("C")),
                day,
                null,
                T0.minus(Duration.ofDays(1)),
                T0.plus(Duration.ofDays(1)),
                null);
        FunnelOracle.Expected expected = assertFunnel(fixture().storage(), events, query);

        // Entered: a, b, d, e, f. B: a (24h), d (10min), e (1h), f (21h). C: d (30min), e (2h).
        assertThat(expected.steps()).extracting(FunnelOracle.Step::users).containsExactly(5L, 4L, 2L);
        assertThat(expected.steps().get(1).medianSeconds()).isEqualTo((3600 + 21 * 3600) / 2.0);
        assertThat(expected.steps().get(2).medianSeconds()).isEqualTo((1800 + 7200) / 2.0);
    }

    @Test
    default void aRepeatedStepNeedsAnotherLaterEvent() {
        List<Event> events = List.of(
                event("once", "view", T0),
                event("twice", "view", T0),
                event("twice", "view", T0.plus(Duration.ofMinutes(3))),
                event("same-instant", "view", T0),
                event("same-instant", "view", T0),
                event("thrice", "view", T0),
                event("thrice", "view", T0.plus(MICRO)),
                event("thrice", "view", T0.plus(Duration.ofSeconds(9))));
        ProjectId project = scenario(fixture().storage(), events);

        FunnelQuery query = funnel(
                project,
                List.of(step("view"), step("view"), step("view")),
                Duration.ofHours(1),
                null,
                T0,
                T0.plus(Duration.ofHours(1)),
                null);
        FunnelOracle.Expected expected = assertFunnel(fixture().storage(), events, query);

        assertThat(expected.steps()).extracting(FunnelOracle.Step::users).containsExactly(4L, 2L, 1L);
        assertThat(expected.steps().get(1).medianSeconds()).isCloseTo((180 + 0.000001) / 2, within());
        assertThat(expected.steps().get(2).medianSeconds()).isCloseTo(9 - 0.000001, within());
    }

    @Test
    default void groupsByTheAnchorEventsValueLargestFirstNullsLast() {
        List<Event> events = new ArrayList<>();
        String[] countries = {"DE", "DE", "US", "US", null, null, null, "FR"};
        for (int i = 0; i < countries.length; i++) {
            String user = "g" + i;
            events.add(Event.builder(UUID.randomUUID(), "signup", T0.plus(Duration.ofMinutes(i)))
                    .userId(user)
                    .country(countries[i])
                    .build());
            // The later step happens in another country: the anchor's value decides the group.
            if (i % 2 == 0) {
                events.add(Event.builder(UUID.randomUUID(), "purchase", T0.plus(Duration.ofHours(1 + i)))
                        .userId(user)
                        .country("JP")
                        .build());
            }
        }
        ProjectId project = scenario(fixture().storage(), events);

        FunnelQuery query = funnel(
                project,
                List.of(step("signup"), step("purchase")),
                Duration.ofDays(1),
                "country",
                T0,
                T0.plus(Duration.ofDays(1)),
                null);
        FunnelOracle.Expected expected = assertFunnel(fixture().storage(), events, query);

        // null has 3 users but ranks by size first: null (3), then DE and US (2 each, by value), then FR.
        assertThat(expected.breakdown()).extracting(FunnelOracle.Group::value).containsExactly(null, "DE", "US", "FR");
        assertThat(expected.breakdown())
                .extracting(g -> g.steps().getLast().users())
                .containsExactly(2L, 1L, 1L, 0L);
    }

    /**
     * Property style: many users with a few events each on a coarse grid, so events share instants and land exactly
     * on window ends all the time; the engine must agree with the oracle for any seed.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    default void agreesWithTheOracleOnCrowdedRandomJourneys(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> types = List.of("A", "B", "C");
        String[] countries = {"X", "Y", null};
        List<Event> events = new ArrayList<>();
        for (int user = 0; user < 40; user++) {
            for (int i = random.nextInt(9); i > 0; i--) {
                Instant at = T0.plus(Duration.ofMinutes(30L * random.nextInt(-1, 8)));
                events.add(Event.builder(UUID.randomUUID(), types.get(random.nextInt(3)), at)
                        .userId(random.nextInt(20) == 0 ? null : "r" + user)
                        .country(countries[random.nextInt(3)])
                        .build());
            }
        }
        ProjectId project = scenario(fixture().storage(), events);
        List<List<EventSelectorRequest>> funnels = List.of(
                List.of(step("A"), step("B"), step("C")),
                List.of(step("A"), step("A"), step("B")),
                List.of(step("B"), step("A")));
        for (List<EventSelectorRequest> steps : funnels) {
            assertFunnel(
                    fixture().storage(),
                    events,
                    funnel(project, steps, Duration.ofMinutes(60), "country", T0, T0.plus(Duration.ofHours(2)), null));
        }
    }

    @Test
    default void anEmptyRangeGivesZerosAndNoMedians() {
        FunnelQuery query = funnel(
                fixture().project(),
                List.of(step("page_view"), step("click")),
                Duration.ofDays(1),
                "country",
                ContractDataset.EMPTY_FROM,
                ContractDataset.EMPTY_TO,
                null);
        FunnelOracle.Expected expected =
                assertFunnel(fixture().storage(), fixture().dataset().events(), query);
        assertThat(expected.steps()).extracting(FunnelOracle.Step::users).containsExactly(0L, 0L);
        assertThat(expected.breakdown()).isEmpty();
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }

    static EventSelectorRequest step(String type, FilterRequest... filters) {
        return new EventSelectorRequest(type, List.of(filters));
    }

    static FunnelQuery funnel(
            ProjectId project,
            List<EventSelectorRequest> steps,
            Duration window,
            @Nullable String breakdown,
            Instant from,
            Instant to,
            @Nullable Integer limit) {
        return new FunnelResolver(QueryLimits.defaults())
                .resolve(project, new FunnelRequest(steps, window, breakdown, from, to, limit), Catalog.builtIn());
    }

    static Event event(@Nullable String user, String type, Instant at) {
        return Event.builder(UUID.randomUUID(), type, at)
                .userId(user)
                .properties(Map.of())
                .build();
    }
}
