package io.eventlens.app.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.ResponseError;

/**
 * {@code funnel} over HTTP. The test builds each user's journey itself (which steps, in order or not, inside the
 * window or not), so it knows every count and median before asking; event types carry this run's id, so other
 * tests' events cannot join the funnel.
 */
class FunnelQueryTests extends GraphQlEndToEnd {

    private static final String FUNNEL = """
            query Funnel($input: FunnelInput!) {
              funnel(input: $input) {
                steps { step type users conversionFromPrevious conversionFromFirst medianSecondsToConvert }
                breakdown { value steps { step type users conversionFromPrevious conversionFromFirst
                  medianSecondsToConvert } }
                meta { source approximate }
              }
            }""";

    private static final String[] COUNTRIES = {"DE", "US", "FR", null};

    /** The GraphQL {@code FunnelResult}. */
    record FunnelResult(List<Step> steps, List<Group> breakdown) {}

    /** The GraphQL {@code FunnelStep}. */
    record Step(
            int step,
            String type,
            long users,
            double conversionFromPrevious,
            double conversionFromFirst,
            @Nullable Double medianSecondsToConvert) {}

    /** The GraphQL {@code FunnelGroup}. */
    record Group(@Nullable String value, List<Step> steps) {}

    /** What the test decided for one user: their country and the seconds each reached step took. */
    record Journey(@Nullable String country, List<Long> gaps) {}

    private final long seed = new Random().nextLong();
    private final String suffix = "-" + UUID.randomUUID();
    private final List<String> types = List.of("visit" + suffix, "signup" + suffix, "pay" + suffix);
    private final Instant from = SampleEvents.day(21);
    private final Instant to = from.plus(Duration.ofDays(1));
    private final Duration window = Duration.ofHours(2);
    private final List<Journey> journeys = new ArrayList<>();

    @BeforeAll
    void sendJourneys() {
        Random random = new Random(seed);
        List<SentEvent> events = new ArrayList<>();
        for (int user = 0; user < 60; user++) {
            String id = "funnel-user-" + user;
            String country = COUNTRIES[random.nextInt(COUNTRIES.length)];
            Instant anchor = from.plus(random.nextLong(Duration.ofHours(20).toSeconds()), ChronoUnit.SECONDS);
            int reach = 1 + random.nextInt(3);
            List<Long> gaps = new ArrayList<>();
            events.add(event(id, types.get(0), anchor, country));
            // A second visit later on changes nothing: the window starts at the first.
            events.add(event(id, types.get(0), anchor.plus(Duration.ofMinutes(30)), "JP"));
            Instant at = anchor;
            long budget = window.toSeconds();
            for (int step = 1; step < reach; step++) {
                long gap = 1 + random.nextLong(budget / 2);
                at = at.plusSeconds(gap);
                gaps.add(gap);
                events.add(event(id, types.get(step), at, "JP"));
            }
            if (reach < 3) {
                // The missing step comes too late (a second past the window) or only before the anchor.
                Instant missed = random.nextBoolean() ? anchor.plus(window).plusSeconds(1) : anchor.minusSeconds(60);
                events.add(event(id, types.get(reach), missed, "JP"));
            }
            journeys.add(new Journey(country, gaps));
        }
        // A user who only pays and signs up never enters.
        events.add(event("funnel-nobody", types.get(1), from.plusSeconds(10), "DE"));
        events.add(event("funnel-nobody", types.get(2), from.plusSeconds(20), "DE"));
        ingestAll(events);
    }

    @Test
    void countsEachStepWithConversionsAndMedians() {
        FunnelResult result = funnel(input(null));

        assertSteps(result.steps(), journeys);
        assertThat(result.breakdown()).isEmpty();
    }

    @Test
    void breaksDownByTheCountryOfTheFirstVisit() {
        FunnelResult result = funnel(input("country"));

        assertSteps(result.steps(), journeys);
        Map<@Nullable String, List<Journey>> byCountry = new HashMap<>();
        journeys.forEach(j ->
                byCountry.computeIfAbsent(j.country(), c -> new ArrayList<>()).add(j));
        assertThat(result.breakdown()).as("seed %d", seed).hasSize(byCountry.size());
        for (Group group : result.breakdown()) {
            assertSteps(group.steps(), byCountry.get(group.value()));
        }
        assertThat(result.breakdown())
                .extracting(g -> g.steps().getFirst().users())
                .isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    @Test
    void refusesBadInputNamingTheField() {
        assertError(Map.of("window", "two hours"), "INVALID_ARGUMENT", "input.window");
        assertError(Map.of("window", "PT0S"), "INVALID_ARGUMENT", "input.window");
        assertError(Map.of("steps", List.of(Map.of("type", types.get(0)))), "INVALID_ARGUMENT", "input.steps");
        assertError(Map.of("breakdown", "planet"), "UNKNOWN_DIMENSION", "input.breakdown");
        assertError(Map.of("breakdownLimit", 0), "INVALID_LIMIT", "input.breakdownLimit");
        assertError(
                Map.of(
                        "steps",
                        List.of(
                                Map.of("type", types.get(0)),
                                Map.of(
                                        "type",
                                        types.get(1),
                                        "filters",
                                        List.of(ReportQueryTests.filter("planet", "EQ", "mars"))))),
                "UNKNOWN_DIMENSION",
                "input.steps[1].filters[0].dimension");
        assertError(Map.of("from", to.toString(), "to", from.toString()), "INVALID_TIME_RANGE", "input.to");
    }

    private void assertSteps(List<Step> steps, List<Journey> members) {
        assertThat(steps).extracting(Step::type).containsExactlyElementsOf(types);
        long entered = members.size();
        long previous = entered;
        for (int step = 0; step < types.size(); step++) {
            int index = step;
            List<Long> gaps = members.stream()
                    .filter(j -> j.gaps().size() >= index)
                    .map(j -> index == 0 ? 0L : j.gaps().get(index - 1))
                    .sorted()
                    .toList();
            Step actual = steps.get(step);
            assertThat(actual.step()).isEqualTo(step + 1);
            assertThat(actual.users()).as("seed %d step %d", seed, step + 1).isEqualTo(gaps.size());
            assertThat(actual.conversionFromFirst())
                    .isCloseTo(entered == 0 ? 0 : gaps.size() / (double) entered, within(1e-9));
            assertThat(actual.conversionFromPrevious())
                    .isCloseTo(previous == 0 ? 0 : gaps.size() / (double) previous, within(1e-9));
            if (step == 0 || gaps.isEmpty()) {
                assertThat(actual.medianSecondsToConvert()).isNull();
            } else {
                int middle = gaps.size() / 2;
                double median =
                        gaps.size() % 2 == 1 ? gaps.get(middle) : (gaps.get(middle - 1) + gaps.get(middle)) / 2.0;
                assertThat(actual.medianSecondsToConvert())
                        .as("seed %d median of step %d", seed, step + 1)
                        .isCloseTo(median, within(1e-6));
            }
            previous = gaps.size();
        }
    }

    private Map<String, Object> input(@Nullable String breakdown) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("steps", types.stream().map(type -> Map.of("type", type)).toList());
        input.put("window", window.toString());
        input.put("from", from.toString());
        input.put("to", to.toString());
        if (breakdown != null) {
            input.put("breakdown", breakdown);
        }
        return input;
    }

    private void assertError(Map<String, Object> override, String code, String field) {
        Map<String, Object> input = new HashMap<>(input(null));
        input.putAll(override);
        List<ResponseError> errors = errorsOf(graphQl().document(FUNNEL).variable("input", input));
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.getExtensions()).containsEntry("code", code).containsEntry("field", field);
            assertThat(error.getMessage()).startsWith(field + ":").doesNotContain("Exception", "\tat ");
        });
    }

    private FunnelResult funnel(Map<String, Object> input) {
        return graphQl()
                .document(FUNNEL)
                .variable("input", input)
                .execute()
                .path("funnel")
                .entity(FunnelResult.class)
                .get();
    }

    private static SentEvent event(String user, String type, Instant at, @Nullable String country) {
        return new SentEvent(
                UUID.randomUUID(), type, at, user, null, country, null, null, null, null, null, null, Map.of());
    }
}
