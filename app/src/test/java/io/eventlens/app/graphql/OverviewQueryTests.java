package io.eventlens.app.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The headline numbers over a range, and the events of the last hour. */
class OverviewQueryTests extends GraphQlEndToEnd {

    private static final String OVERVIEW = """
            query Overview($from: DateTime, $to: DateTime, $approximate: Boolean) {
              overview(from: $from, to: $to, approximate: $approximate) {
                events uniqueUsers sessions revenue eventsLastHour approximate
              }
            }""";

    /** The GraphQL {@code Overview}. */
    record OverviewResult(
            long events, long uniqueUsers, long sessions, double revenue, long eventsLastHour, boolean approximate) {}

    private final long seed = new Random().nextLong();

    @Test
    void headlineNumbersCountOnlyTheRange() {
        Instant from = SampleEvents.day(3);
        Instant to = from.plus(Duration.ofDays(1));
        Random random = new Random(seed);
        List<SentEvent> inside = SampleEvents.random(random, from, Duration.ofDays(1), 250);
        // Just outside on both sides: the range is half-open, so `to` itself is out.
        List<SentEvent> outside =
                List.of(SampleEvents.random(random, from.minus(1, ChronoUnit.MICROS)), SampleEvents.random(random, to));
        ingestAll(Stream.concat(inside.stream(), outside.stream()).toList());

        OverviewResult overview = overview(from, to);

        assertThat(overview.events()).as("seed %d", seed).isEqualTo(inside.size());
        assertThat((double) overview.uniqueUsers()).isEqualTo(Expected.metric("uniqueUsers", inside));
        assertThat((double) overview.sessions()).isEqualTo(Expected.metric("sessions", inside));
        assertThat(overview.revenue()).isCloseTo(Expected.metric("revenue", inside), within(1e-6));
    }

    @Test
    void eventsOfTheLastHourCountWhateverTheRange() {
        Instant now = Instant.now();
        Random random = new Random(seed);
        List<SentEvent> lastHour = List.of(
                SampleEvents.random(random, now.minus(Duration.ofMinutes(5))),
                SampleEvents.random(random, now.minus(Duration.ofMinutes(30))),
                SampleEvents.random(random, now.minus(Duration.ofMinutes(50))));
        List<SentEvent> earlier = List.of(
                SampleEvents.random(random, now.minus(Duration.ofMinutes(70))),
                SampleEvents.random(random, now.minus(Duration.ofHours(3))));
        Instant farPast = SampleEvents.day(4);
        long before = overview(farPast, farPast.plus(Duration.ofDays(1))).eventsLastHour();

        ingestAll(Stream.concat(lastHour.stream(), earlier.stream()).toList());
        OverviewResult after = overview(farPast, farPast.plus(Duration.ofDays(1)));

        // Other classes may have sent events "now"; tests run one class at a time, so the difference is ours.
        assertThat(after.eventsLastHour() - before).isEqualTo(lastHour.size());
        assertThat(after.events()).as("the range holds none of them").isZero();
    }

    @Test
    void withoutBoundsEverythingStoredCounts() {
        Instant day = SampleEvents.day(5);
        List<SentEvent> events = SampleEvents.random(new Random(seed), day, Duration.ofHours(2), 20);
        long before = overview(null, null).events();
        ingestAll(events);

        assertThat(overview(null, null).events() - before).isEqualTo(events.size());
    }

    @Test
    void anApproximateOverviewSaysSoAndKeepsTheDocumentedBound() throws InterruptedException {
        Instant from = SampleEvents.day(83);
        Instant to = from.plus(Duration.ofDays(3));
        List<SentEvent> events = SampleEvents.random(new Random(seed), from, Duration.ofDays(3), 600);
        ingestAll(events);
        double users = Expected.metric("uniqueUsers", events);
        double sessions = Expected.metric("sessions", events);

        OverviewResult exact = overview(from, to, false);
        assertThat(exact.approximate()).isFalse();
        assertThat((double) exact.uniqueUsers()).as("seed %d", seed).isEqualTo(users);
        assertThat((double) exact.sessions()).isEqualTo(sessions);

        // The platform's upkeep soon holds these days in rollups; from then on sketches answer the distinct counts.
        OverviewResult approximate = overview(from, to, true);
        for (int attempt = 0; attempt < 120 && !approximate.approximate(); attempt++) {
            Thread.sleep(500);
            approximate = overview(from, to, true);
        }
        assertThat(approximate.approximate()).as("answered from sketches").isTrue();
        assertThat(approximate.events()).as("events stay exact").isEqualTo(events.size());
        assertThat(approximate.revenue()).isCloseTo(Expected.metric("revenue", events), within(1e-6));
        assertThat((double) approximate.uniqueUsers())
                .as("users, seed %d", seed)
                .isCloseTo(users, within(1 + 0.033 * users));
        assertThat((double) approximate.sessions())
                .as("sessions, seed %d", seed)
                .isCloseTo(sessions, within(1 + 0.033 * sessions));
    }

    private OverviewResult overview(Instant from, Instant to) {
        return overview(from, to, null);
    }

    private OverviewResult overview(Instant from, Instant to, Boolean approximate) {
        return graphQl()
                .document(OVERVIEW)
                .variable("from", from == null ? null : from.toString())
                .variable("to", to == null ? null : to.toString())
                .variable("approximate", approximate)
                .execute()
                .path("overview")
                .entity(OverviewResult.class)
                .get();
    }
}
