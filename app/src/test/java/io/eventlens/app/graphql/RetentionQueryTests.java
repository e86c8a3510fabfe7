package io.eventlens.app.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.ResponseError;

/**
 * {@code retention} over HTTP, with daily cohorts in Europe/Berlin. The test decides each user's cohort day and the
 * days they come back on, so it knows the whole matrix before asking; event types carry this run's id.
 */
class RetentionQueryTests extends GraphQlEndToEnd {

    private static final String RETENTION = """
            query Retention($input: RetentionInput!) {
              retention(input: $input) {
                granularity cohorts { start users periods { period users percentage } } meta { source }
              }
            }""";

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final int DAYS = 7;
    private static final int PERIODS = 3;

    /** The GraphQL {@code RetentionResult}. */
    record RetentionResult(String granularity, List<Cohort> cohorts) {}

    /** The GraphQL {@code RetentionCohort}. */
    record Cohort(String start, long users, List<Period> periods) {}

    /** The GraphQL {@code RetentionPeriod}. */
    record Period(int period, long users, double percentage) {}

    private final long seed = new Random().nextLong();
    private final String suffix = "-" + UUID.randomUUID();
    private final String start = "install" + suffix;
    private final String back = "open" + suffix;
    private final LocalDate firstDay =
            SampleEvents.day(22).atZone(ZoneOffset.UTC).toLocalDate();
    private final long[] sizes = new long[DAYS];
    private final long[][] returned = new long[DAYS][DAYS];

    @BeforeAll
    void sendUsers() {
        Random random = new Random(seed);
        List<SentEvent> events = new ArrayList<>();
        for (int user = 0; user < 80; user++) {
            String id = "retention-user-" + user;
            int cohort = random.nextInt(DAYS);
            Instant first = at(cohort, 1 + random.nextInt(19), random);
            sizes[cohort]++;
            // An open before the first install, on the same day, is not a return.
            events.add(event(id, back, first.minusSeconds(600)));
            events.add(event(id, start, first));
            // A later install changes nothing: the first decides the cohort.
            events.add(event(id, start, first.plusSeconds(7200)));
            for (int period = 0; cohort + period < DAYS; period++) {
                if (random.nextInt(3) == 0) {
                    continue;
                }
                returned[cohort][period]++;
                Instant open =
                        period == 0 ? first.plusSeconds(1800) : at(cohort + period, 1 + random.nextInt(21), random);
                events.add(event(id, back, open));
                // A second open in the same period still counts the user once.
                events.add(event(id, back, open.plusSeconds(1)));
            }
        }
        ingestAll(events);
    }

    @Test
    void buildsTheDailyCohortMatrixInTheTimeZone() {
        RetentionResult result = retention(input());

        assertThat(result.granularity()).isEqualTo("DAY");
        assertThat(result.cohorts()).hasSize(DAYS);
        for (int cohort = 0; cohort < DAYS; cohort++) {
            Cohort actual = result.cohorts().get(cohort);
            String at = "seed " + seed + " cohort " + cohort;
            assertThat(OffsetDateTime.parse(actual.start()).toInstant())
                    .as(at)
                    .isEqualTo(firstDay.plusDays(cohort).atStartOfDay(BERLIN).toInstant());
            assertThat(actual.users()).as(at).isEqualTo(sizes[cohort]);
            assertThat(actual.periods()).as(at).hasSize(Math.min(PERIODS, DAYS - 1 - cohort) + 1);
            for (Period period : actual.periods()) {
                long expected = returned[cohort][period.period()];
                assertThat(period.users()).as(at + " period " + period.period()).isEqualTo(expected);
                assertThat(period.percentage())
                        .as(at + " period " + period.period())
                        .isCloseTo(sizes[cohort] == 0 ? 0 : 100.0 * expected / sizes[cohort], within(1e-9));
            }
        }
    }

    @Test
    void refusesBadInputNamingTheField() {
        assertError(Map.of("granularity", "HOUR"), "INVALID_ARGUMENT", "input.granularity");
        assertError(Map.of("timezone", "Mars/Olympus_Mons"), "INVALID_TIMEZONE", "input.timezone");
        assertError(Map.of("periods", -1), "INVALID_LIMIT", "input.periods");
        assertError(Map.of("startEvent", Map.of("type", " ")), "INVALID_ARGUMENT", "input.startEvent.type");
        assertError(
                Map.of(
                        "returnEvent",
                        Map.of("type", back, "filters", List.of(ReportQueryTests.filter("country", "GT", "3")))),
                "INVALID_FILTER",
                "input.returnEvent.filters[0].op");
    }

    /** A local time on day {@code day} of the range, at {@code hour} plus random minutes. */
    private Instant at(int day, int hour, Random random) {
        return firstDay.plusDays(day)
                .atStartOfDay(BERLIN)
                .plusHours(hour)
                .plusMinutes(random.nextInt(50))
                .toInstant();
    }

    private Map<String, Object> input() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("startEvent", Map.of("type", start));
        input.put("returnEvent", Map.of("type", back));
        input.put("granularity", "DAY");
        input.put("timezone", "Europe/Berlin");
        input.put("from", firstDay.atStartOfDay(BERLIN).toInstant().toString());
        input.put("to", firstDay.plusDays(DAYS).atStartOfDay(BERLIN).toInstant().toString());
        input.put("periods", PERIODS);
        return input;
    }

    private void assertError(Map<String, Object> override, String code, String field) {
        Map<String, Object> input = new HashMap<>(input());
        input.putAll(override);
        List<ResponseError> errors = errorsOf(graphQl().document(RETENTION).variable("input", input));
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.getExtensions()).containsEntry("code", code).containsEntry("field", field);
            assertThat(error.getMessage()).startsWith(field + ":").doesNotContain("Exception", "\tat ");
        });
    }

    private RetentionResult retention(Map<String, Object> input) {
        return graphQl()
                .document(RETENTION)
                .variable("input", input)
                .execute()
                .path("retention")
                .entity(RetentionResult.class)
                .get();
    }

    private static SentEvent event(String user, String type, Instant at) {
        return new SentEvent(
                UUID.randomUUID(), type, at, user, null, null, null, null, null, null, null, null, Map.of());
    }
}
