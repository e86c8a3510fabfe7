package io.eventlens.core.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.eventlens.core.event.Event;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shape of generated traffic, measured on the events alone with java.time, not with the generator's code. */
class TrafficShapeTests {

    // A Monday midnight UTC: the 28 days before it hold exactly four of each weekday.
    private static final Instant NOW = Instant.parse("2025-03-31T00:00:00Z");
    private static final int USERS = 2_000;

    private static List<Event> events;

    @BeforeAll
    static void generate() {
        events = new EventGenerator(77, NOW, Duration.ofDays(28), USERS)
                .events(300_000)
                .toList();
    }

    @Test
    void aFifthOfTheUsersBringAboutFourFifthsOfTheVisits() {
        Map<String, Long> sessionsPerUser = events.stream()
                .filter(event -> event.userId() != null)
                .collect(Collectors.groupingBy(
                        Event::userId,
                        Collectors.collectingAndThen(
                                Collectors.mapping(Event::sessionId, Collectors.toSet()), set -> (long) set.size())));
        List<Long> counts = sessionsPerUser.values().stream()
                .sorted(Comparator.reverseOrder())
                .toList();
        long total = counts.stream().mapToLong(Long::longValue).sum();
        long top = counts.stream().limit(USERS / 5).mapToLong(Long::longValue).sum();

        assertThat((double) top / total).isBetween(0.74, 0.88);
        // No single user dominates: the busiest brings about a tenth with 2,000 users (less with more), not half.
        assertThat((double) counts.getFirst() / total).isLessThan(0.15);
        assertThat(sessionsPerUser).hasSizeGreaterThan(USERS * 9 / 10);
    }

    @Test
    void eveningsAreBusierThanNightsInTheVisitorsLocalTime() {
        // German visitors: UTC+1 in the standard time the generator uses.
        Map<Integer, Long> byLocalHour = sessionStarts().stream()
                .filter(event -> "DE".equals(event.country()))
                .collect(Collectors.groupingBy(
                        event -> event.timestamp()
                                .atOffset(ZoneOffset.ofHours(1))
                                .getHour(),
                        Collectors.counting()));
        long night = byLocalHour.getOrDefault(3, 0L) + byLocalHour.getOrDefault(4, 0L);
        long evening = byLocalHour.getOrDefault(18, 0L) + byLocalHour.getOrDefault(19, 0L);

        assertThat(night).isPositive();
        assertThat(evening).isGreaterThan(5 * night);
    }

    @Test
    void weekendsAreQuieterThanWeekdays() {
        Map<DayOfWeek, Long> byDay = sessionStarts().stream()
                .filter(event -> "GB".equals(event.country()))
                .collect(Collectors.groupingBy(
                        event -> ZonedDateTime.ofInstant(event.timestamp(), ZoneOffset.UTC)
                                .getDayOfWeek(),
                        Collectors.counting()));
        double weekday =
                (byDay.get(DayOfWeek.MONDAY) + byDay.get(DayOfWeek.TUESDAY) + byDay.get(DayOfWeek.WEDNESDAY)) / 3.0;
        double weekend = (byDay.get(DayOfWeek.SATURDAY) + byDay.get(DayOfWeek.SUNDAY)) / 2.0;

        assertThat(weekend / weekday).isBetween(0.65, 0.88);
    }

    @Test
    void theFunnelLosesVisitorsAtEveryStep() {
        Map<String, Set<String>> sessionsByStep = new HashMap<>();
        for (Event event : events) {
            String step = event.type().equals("page_view")
                            && event.page() != null
                            && event.page().startsWith("/product/")
                    ? "product_view"
                    : event.type();
            sessionsByStep.computeIfAbsent(step, key -> new HashSet<>()).add(event.sessionId());
        }
        long sessions = events.stream().map(Event::sessionId).distinct().count();
        double viewed = sessionsByStep.get("product_view").size();
        double carted = sessionsByStep.get("add_to_cart").size();
        double checkedOut = sessionsByStep.get("checkout").size();
        double purchased = sessionsByStep.get("purchase").size();

        assertThat(viewed / sessions).isCloseTo(0.55, within(0.02));
        assertThat(carted / viewed).isCloseTo(0.22, within(0.02));
        assertThat(checkedOut / carted).isCloseTo(0.55, within(0.03));
        assertThat(purchased / checkedOut).isCloseTo(0.62, within(0.04));
        // Every purchase follows a checkout of the same session.
        assertThat(sessionsByStep.get("checkout")).containsAll(sessionsByStep.get("purchase"));
    }

    @Test
    void revenueIsTheQuantityTimesAPriceFixedPerProduct() {
        Map<String, Event> cartBySession = events.stream()
                .filter(event -> event.type().equals("add_to_cart"))
                .collect(Collectors.toMap(Event::sessionId, event -> event));
        Map<String, Double> unitPrice = new HashMap<>();
        List<Event> purchases =
                events.stream().filter(event -> event.type().equals("purchase")).toList();

        assertThat(purchases).hasSizeGreaterThan(1_000).allSatisfy(purchase -> {
            Event cart = Objects.requireNonNull(cartBySession.get(purchase.sessionId()));
            int quantity = (Integer) cart.properties().get("quantity");
            assertThat(purchase.properties().get("items")).isEqualTo(quantity);
            double price = purchase.revenue() / quantity;
            Double known = unitPrice.putIfAbsent((String) cart.properties().get("product"), price);
            if (known != null) {
                assertThat(price).isCloseTo(known, within(0.01));
            }
            assertThat(price).isBetween(5.0, 606.0);
        });
        // A spread of prices, not one.
        assertThat(unitPrice.values().stream().distinct().count()).isGreaterThan(50);
    }

    @Test
    void pagesAreReadForTheirDurationBeforeTheNextStep() {
        for (int i = 0; i + 1 < events.size(); i++) {
            Event event = events.get(i);
            Event next = events.get(i + 1);
            if (event.type().equals("page_view") && event.sessionId().equals(next.sessionId())) {
                int durationMs = (Integer) event.properties().get("duration_ms");
                Duration gap = Duration.between(event.timestamp(), next.timestamp());
                assertThat(gap).isBetween(Duration.ofMillis(durationMs), Duration.ofMillis(durationMs + 1_000));
            }
        }
    }

    /** The first event of each session. */
    private static List<Event> sessionStarts() {
        Set<String> seen = new HashSet<>();
        return events.stream().filter(event -> seen.add(event.sessionId())).toList();
    }
}
