package io.eventlens.core.storage.contract;

import static io.eventlens.core.storage.contract.ContractFixture.filter;
import static io.eventlens.core.storage.contract.ContractFixture.filters;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.event.Event;
import io.eventlens.core.query.EventCursor;
import io.eventlens.core.query.EventPage;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.query.Filter;
import io.eventlens.core.query.FilterOp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Pages of raw events, newest first ({@code timestamp desc, id desc}), walked with cursors. */
public interface EventPageContract extends StorageContract {

    @Test
    default void walksAllPagesNewestFirstWithoutGapsOrDuplicates() {
        List<Event> seen = fixture().walkPages(List.of(), null, null, 250);
        assertThat(seen).hasSize(fixture().dataset().events().size());
        assertThat(new HashSet<>(seen.stream().map(Event::id).toList())).hasSize(seen.size());
        for (int i = 1; i < seen.size(); i++) {
            Event newer = seen.get(i - 1);
            Event older = seen.get(i);
            assertThat(newer.timestamp()).isAfterOrEqualTo(older.timestamp());
        }
    }

    @Test
    default void walksSmallPagesOfAFilteredRange() {
        List<Filter> filters =
                filters(filter("country", FilterOp.IN, "DE", "NP"), filter("properties.score", FilterOp.GTE, "0"));
        Instant from = Instant.parse("2026-03-01T00:00:00Z");
        Instant to = Instant.parse("2026-03-15T00:00:00Z");
        List<Event> seen = fixture().walkPages(filters, from, to, 3);
        assertThat(seen).isNotEmpty().allSatisfy(event -> {
            assertThat(event.country()).isIn("DE", "NP");
            assertThat(event.timestamp()).isBetween(from, to.minusNanos(1));
        });
        assertThat(seen).containsExactlyElementsOf(fixture().oracle().newestFirst(filters, from, to));
    }

    @Test
    default void breaksTimestampTiesByIdDescendingAsUnsignedNumbers() {
        Instant shared = ContractDataset.SHARED_TIMESTAMPS.getFirst();
        EventPage expected = fixture()
                .assertPage(new EventPageQuery(
                        fixture().project(), List.of(), shared, shared.plus(1, ChronoUnit.MICROS), 10, null));
        List<String> ids =
                expected.events().stream().map(e -> e.id().toString()).toList();
        assertThat(ids).hasSize(5).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(ids.getFirst()).startsWith("ffffffff");
        assertThat(ids.getLast()).startsWith("00000000");
    }

    @Test
    default void continuesAfterACursorInsideATimestampTie() {
        Instant shared = ContractDataset.SHARED_TIMESTAMPS.get(1);
        EventCursor cursor = new EventCursor(shared, UUID.fromString("80000000-0000-4000-8000-000000000001"));
        EventPage expected =
                fixture().assertPage(new EventPageQuery(fixture().project(), List.of(), null, null, 3, cursor));
        assertThat(expected.events())
                .first()
                .satisfies(event -> assertThat(event.timestamp()).isEqualTo(shared));
        assertThat(expected.hasNextPage()).isTrue();
    }

    @Test
    default void aCursorFromAnyEdgeOfAPageContinuesAfterThatEvent() {
        EventPage first =
                fixture().assertPage(new EventPageQuery(fixture().project(), List.of(), null, null, 20, null));
        Event middle = first.events().get(7);
        EventPage next = fixture()
                .assertPage(new EventPageQuery(fixture().project(), List.of(), null, null, 5, EventCursor.of(middle)));
        assertThat(next.events()).containsExactlyElementsOf(first.events().subList(8, 13));
    }

    @Test
    default void aCursorOfAnEventOutsideTheFilterStillPositionsThePage() {
        Event outside = fixture().dataset().events().stream()
                .filter(e -> e.country() == null)
                .filter(e -> e.timestamp().isAfter(ContractDataset.FALL_FROM))
                .findFirst()
                .orElseThrow();
        List<Filter> filters = filters(filter("country", FilterOp.NEQ, "FR"), filter("country", FilterOp.IN, "DE"));
        fixture().assertPage(new EventPageQuery(fixture().project(), filters, null, null, 10, EventCursor.of(outside)));
        fixture()
                .assertPage(new EventPageQuery(
                        fixture().project(),
                        List.of(),
                        ContractDataset.SPRING_FROM,
                        ContractDataset.SPRING_TO,
                        10,
                        EventCursor.of(outside)));
    }

    @Test
    default void aPageThatTakesTheLastEventsHasNoNextPage() {
        List<Event> edge =
                fixture().oracle().newestFirst(List.of(), ContractDataset.EDGE_FROM, ContractDataset.EDGE_TO);
        EventPage all = fixture()
                .assertPage(new EventPageQuery(
                        fixture().project(),
                        List.of(),
                        ContractDataset.EDGE_FROM,
                        ContractDataset.EDGE_TO,
                        edge.size(),
                        null));
        assertThat(all.hasNextPage()).isFalse();
        EventPage allButOne = fixture()
                .assertPage(new EventPageQuery(
                        fixture().project(),
                        List.of(),
                        ContractDataset.EDGE_FROM,
                        ContractDataset.EDGE_TO,
                        edge.size() - 1,
                        null));
        assertThat(allButOne.hasNextPage()).isTrue();
    }

    @Test
    default void aRangeIncludesFromAndExcludesTo() {
        List<Event> edge =
                fixture().oracle().newestFirst(List.of(), ContractDataset.EDGE_FROM, ContractDataset.EDGE_TO);
        assertThat(edge.getLast().timestamp()).isEqualTo(ContractDataset.EDGE_FROM);
        assertThat(edge.getFirst().timestamp()).isEqualTo(ContractDataset.EDGE_TO.minus(1, ChronoUnit.MICROS));
        fixture().walkPages(List.of(), ContractDataset.EDGE_FROM, ContractDataset.EDGE_TO, 4);
    }

    @Test
    default void anEmptyRangeIsAnEmptyLastPage() {
        EventPage expected = fixture()
                .assertPage(new EventPageQuery(
                        fixture().project(),
                        List.of(),
                        ContractDataset.EMPTY_FROM,
                        ContractDataset.EMPTY_TO,
                        10,
                        null));
        assertThat(expected.events()).isEmpty();
        assertThat(expected.hasNextPage()).isFalse();
    }

    @Test
    default void returnsEventsWithEveryFieldAsWritten() {
        List<Filter> odd =
                filters(filter("properties." + ContractDataset.ODD_KEY, FilterOp.IN, "a\\b", "x'y", "\"quoted\""));
        List<Event> seen = fixture().walkPages(odd, null, null, 100);
        assertThat(seen).isNotEmpty();
        fixture()
                .walkPages(
                        filters(filter("properties.meta", FilterOp.NEQ, "none")),
                        ContractDataset.FALL_FROM,
                        ContractDataset.FALL_TO,
                        100);
    }
}
