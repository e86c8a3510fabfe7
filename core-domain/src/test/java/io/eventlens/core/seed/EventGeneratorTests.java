package io.eventlens.core.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.eventlens.core.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EventGeneratorTests {

    private static final Instant NOW = Instant.parse("2025-03-30T12:34:56.789123456Z");
    private static final Duration THIRTY_DAYS = Duration.ofDays(30);

    @Test
    void sameSeedGivesSameEventsIdsIncluded() {
        List<Event> first =
                new EventGenerator(42, NOW, THIRTY_DAYS).events(5_000).toList();
        List<Event> second =
                new EventGenerator(42, NOW, THIRTY_DAYS).events(5_000).toList();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void differentSeedsGiveDifferentIds() {
        Set<UUID> a = ids(new EventGenerator(1, NOW, THIRTY_DAYS).events(2_000).toList());
        Set<UUID> b = ids(new EventGenerator(2, NOW, THIRTY_DAYS).events(2_000).toList());

        assertThat(a).doesNotContainAnyElementsOf(b);
    }

    @Test
    void producesExactlyTheCountWithDistinctIds() {
        for (long count : List.of(0L, 1L, 7L, 10_001L)) {
            List<Event> events =
                    new EventGenerator(7, NOW, THIRTY_DAYS).events(count).toList();

            assertThat(events).hasSize((int) count);
            assertThat(ids(events)).hasSize((int) count);
        }
    }

    @Test
    void aShorterRunIsAPrefixOfALongerOne() {
        List<Event> longer =
                new EventGenerator(9, NOW, THIRTY_DAYS).events(3_000).toList();
        List<Event> shorter =
                new EventGenerator(9, NOW, THIRTY_DAYS).events(1_234).toList();

        assertThat(shorter).isEqualTo(longer.subList(0, 1_234));
    }

    @Test
    void aWholeWeekLaterShiftsTimestampsByExactlyAWeek() {
        List<Event> today =
                new EventGenerator(5, NOW, THIRTY_DAYS).events(1_000).toList();
        List<Event> nextWeek = new EventGenerator(5, NOW.plus(Duration.ofDays(7)), THIRTY_DAYS)
                .events(1_000)
                .toList();

        assertThat(ids(nextWeek)).isEqualTo(ids(today));
        for (int i = 0; i < today.size(); i++) {
            assertThat(Duration.between(
                            today.get(i).timestamp(), nextWeek.get(i).timestamp()))
                    .isEqualTo(Duration.ofDays(7));
        }
    }

    @Test
    void anotherNowMovesOnlyTimestamps() {
        List<Event> today =
                new EventGenerator(5, NOW, THIRTY_DAYS).events(2_000).toList();
        List<Event> later = new EventGenerator(5, NOW.plus(Duration.ofHours(31)), THIRTY_DAYS)
                .events(2_000)
                .toList();

        for (int i = 0; i < today.size(); i++) {
            Event a = today.get(i);
            Event b = later.get(i);
            assertThat(b).usingRecursiveComparison().ignoringFields("timestamp").isEqualTo(a);
        }
    }

    @Test
    void timestampsFallInTheHalfOpenWindowAtMicrosecondPrecision() {
        Duration span = Duration.ofDays(3);
        Instant end = NOW.truncatedTo(ChronoUnit.MICROS);
        Instant start = end.minus(span);

        List<Event> events = new EventGenerator(11, NOW, span).events(20_000).toList();

        assertThat(events).allSatisfy(event -> {
            assertThat(event.timestamp()).isAfterOrEqualTo(start).isBefore(end);
            assertThat(event.timestamp().getNano() % 1_000).isZero();
        });
        // Spread over the window, not bunched at one end: every day of the three has events.
        Set<Long> days = events.stream()
                .map(event -> Duration.between(start, event.timestamp()).toDays())
                .collect(Collectors.toSet());
        assertThat(days).containsExactlyInAnyOrder(0L, 1L, 2L);
    }

    @Test
    void aTinyWindowStillHoldsEverySession() {
        Duration span = Duration.ofSeconds(1);
        Instant end = NOW.truncatedTo(ChronoUnit.MICROS);

        List<Event> events = new EventGenerator(3, NOW, span).events(2_000).toList();

        assertThat(events)
                .allSatisfy(event -> assertThat(event.timestamp())
                        .isAfterOrEqualTo(end.minus(span))
                        .isBefore(end));
    }

    @Test
    void trafficLooksLikeAShop() {
        List<Event> events =
                new EventGenerator(13, NOW, THIRTY_DAYS).events(50_000).toList();

        Map<String, Long> byType = events.stream().collect(Collectors.groupingBy(Event::type, Collectors.counting()));
        assertThat(byType.keySet())
                .containsExactlyInAnyOrder("page_view", "signup", "add_to_cart", "checkout", "purchase");
        // A funnel narrows: each step has fewer events than the one before.
        assertThat(byType.get("page_view")).isGreaterThan(byType.get("add_to_cart"));
        assertThat(byType.get("add_to_cart")).isGreaterThan(byType.get("checkout"));
        assertThat(byType.get("checkout")).isGreaterThan(byType.get("purchase"));

        assertThat(events).allSatisfy(event -> {
            assertThat(event.sessionId()).isNotNull();
            assertThat(event.country()).isNotNull();
            if (event.type().equals("purchase")) {
                assertThat(event.revenue()).isPositive();
            } else {
                assertThat(event.revenue()).isNull();
            }
            if (event.type().equals("page_view")) {
                assertThat(event.properties().get("duration_ms")).isInstanceOf(Integer.class);
            }
        });

        Set<String> sessions = events.stream().map(Event::sessionId).collect(Collectors.toSet());
        Set<String> users = new HashSet<>();
        events.forEach(event -> {
            if (event.userId() != null) {
                users.add(event.userId());
            }
        });
        assertThat(sessions.size()).isBetween(events.size() / 20, events.size() / 2);
        assertThat(users.size()).isBetween(100, sessions.size());
        assertThat(events).anySatisfy(event -> assertThat(event.userId()).isNull());
    }

    @Test
    void aVisitorKeepsCountryDeviceBrowserAndOsAcrossSessions() {
        List<Event> events =
                new EventGenerator(17, NOW, THIRTY_DAYS).events(30_000).toList();

        Map<String, Set<List<String>>> looks = events.stream()
                .filter(event -> event.userId() != null)
                .collect(Collectors.groupingBy(
                        Event::userId,
                        Collectors.mapping(
                                event -> List.of(event.country(), event.device(), event.browser(), event.os()),
                                Collectors.toSet())));

        assertThat(looks.values()).allSatisfy(set -> assertThat(set).hasSize(1));
    }

    @Test
    void batchesCutTheSameSequence() {
        List<Event> expected =
                new EventGenerator(21, NOW, THIRTY_DAYS).events(1_050).toList();

        Iterator<List<Event>> batches = new EventGenerator(21, NOW, THIRTY_DAYS).batches(1_050, 100);
        List<Integer> sizes = new ArrayList<>();
        List<Event> joined = new ArrayList<>();
        batches.forEachRemaining(batch -> {
            sizes.add(batch.size());
            joined.addAll(batch);
        });

        assertThat(sizes).hasSize(11).endsWith(50);
        assertThat(sizes.subList(0, 10)).containsOnly(100);
        assertThat(joined).isEqualTo(expected);
    }

    @Test
    void rejectsNonsense() {
        assertThatIllegalArgumentException().isThrownBy(() -> new EventGenerator(1, NOW, Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> new EventGenerator(1, NOW, THIRTY_DAYS).events(-1));
        assertThatIllegalArgumentException().isThrownBy(() -> new EventGenerator(1, NOW, THIRTY_DAYS).batches(5, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new EventGenerator(1, NOW, THIRTY_DAYS, 0));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new EventGenerator(1, NOW, THIRTY_DAYS, EventGenerator.MAX_USERS + 1));
    }

    private static Set<UUID> ids(List<Event> events) {
        return events.stream().map(Event::id).collect(Collectors.toSet());
    }
}
