package io.eventlens.core.storage.contract;

import io.eventlens.core.analysis.EventSelector;
import io.eventlens.core.analysis.FunnelQuery;
import io.eventlens.core.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Computes funnels the slow, obvious way from the events themselves, written from the semantics on
 * {@link FunnelQuery}: walk each user's events step by step.
 */
public final class FunnelOracle {

    /** One step's expected numbers: users who reached it, and the median seconds from the previous step. */
    public record Step(long users, @Nullable Double medianSeconds) {}

    /** A group of the breakdown (value null for the group without one) and its steps. */
    public record Group(@Nullable String value, List<Step> steps) {}

    /** The whole expected answer. */
    public record Expected(List<Step> steps, List<Group> breakdown) {}

    private final List<Event> events;

    public FunnelOracle(List<Event> events) {
        this.events = List.copyOf(events);
    }

    public Expected funnel(FunnelQuery query) {
        Map<String, List<Event>> byUser = new HashMap<>();
        for (Event event : events) {
            if (event.userId() != null) {
                byUser.computeIfAbsent(event.userId(), u -> new ArrayList<>()).add(event);
            }
        }
        List<Journey> journeys = new ArrayList<>();
        for (List<Event> userEvents : byUser.values()) {
            journey(query, userEvents).ifPresent(journeys::add);
        }
        List<Group> groups = new ArrayList<>();
        if (query.breakdown() != null) {
            Map<@Nullable String, List<Journey>> byValue = new LinkedHashMap<>();
            for (Journey journey : journeys) {
                byValue.computeIfAbsent(ReportOracle.text(journey.anchor(), query.breakdown()), v -> new ArrayList<>())
                        .add(journey);
            }
            byValue.forEach((value, members) -> groups.add(new Group(value, steps(query, members))));
            Comparator<@Nullable String> values = Comparator.nullsLast(ReportOracle.TEXT_ORDER);
            groups.sort(
                    Comparator.comparingLong((Group g) -> g.steps().getFirst().users())
                            .reversed()
                            .thenComparing(Group::value, values));
        }
        return new Expected(steps(query, journeys), groups.subList(0, Math.min(groups.size(), query.breakdownLimit())));
    }

    /** When one user reached each step: index 0 is the anchor's time, absent entries were not reached. */
    private record Journey(Event anchor, List<Instant> reached) {}

    private static Optional<Journey> journey(FunnelQuery query, List<Event> userEvents) {
        Optional<Event> anchor = userEvents.stream()
                .filter(e -> query.range().contains(e.timestamp())
                        && matches(e, query.steps().getFirst()))
                .min(Comparator.comparing(Event::timestamp).thenComparing(Event::id, ReportOracle.ID_ORDER));
        if (anchor.isEmpty()) {
            return Optional.empty();
        }
        Instant deadline = anchor.get().timestamp().plus(query.window());
        List<Instant> reached = new ArrayList<>(List.of(anchor.get().timestamp()));
        for (int step = 1; step < query.steps().size(); step++) {
            Instant previous = reached.getLast();
            EventSelector selector = query.steps().get(step);
            Optional<Instant> next = userEvents.stream()
                    .filter(e ->
                            e.timestamp().isAfter(previous) && !e.timestamp().isAfter(deadline) && matches(e, selector))
                    .map(Event::timestamp)
                    .min(Comparator.naturalOrder());
            if (next.isEmpty()) {
                break;
            }
            reached.add(next.get());
        }
        return Optional.of(new Journey(anchor.get(), reached));
    }

    private static List<Step> steps(FunnelQuery query, List<Journey> journeys) {
        List<Step> steps = new ArrayList<>();
        for (int step = 0; step < query.steps().size(); step++) {
            int index = step;
            List<Journey> reached =
                    journeys.stream().filter(j -> j.reached().size() > index).toList();
            List<Double> seconds = index == 0
                    ? List.of()
                    : reached.stream()
                            .map(j -> seconds(
                                    j.reached().get(index - 1), j.reached().get(index)))
                            .sorted()
                            .toList();
            steps.add(new Step(reached.size(), median(seconds)));
        }
        return steps;
    }

    static boolean matches(Event event, EventSelector selector) {
        return event.type().equals(selector.type())
                && selector.filters().stream().allMatch(f -> ReportOracle.matches(event, f));
    }

    private static double seconds(Instant from, Instant to) {
        Duration between = Duration.between(from, to);
        return between.getSeconds() + between.getNano() / 1e9;
    }

    private static @Nullable Double median(List<Double> sorted) {
        if (sorted.isEmpty()) {
            return null;
        }
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
