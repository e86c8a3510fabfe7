package io.eventlens.app.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Raw events page by page, newest first, with cursors, filters and a range. */
class EventPagesTests extends GraphQlEndToEnd {

    private static final String EVENTS = """
            query Events($filters: [FilterInput!], $from: DateTime, $to: DateTime, $first: Int, $after: String) {
              events(filters: $filters, from: $from, to: $to, first: $first, after: $after) {
                edges { cursor node { id type timestamp userId sessionId country device browser os page referrer
                                      revenue properties } }
                pageInfo { hasNextPage endCursor }
              }
            }""";

    /** The GraphQL {@code EventConnection}. */
    record Connection(List<Edge> edges, PageInfo pageInfo) {}

    /** The GraphQL {@code EventEdge}. */
    record Edge(String cursor, Node node) {}

    /** The GraphQL {@code Event}. */
    record Node(
            String id,
            String type,
            String timestamp,
            @Nullable String userId,
            @Nullable String sessionId,
            @Nullable String country,
            @Nullable String device,
            @Nullable String browser,
            @Nullable String os,
            @Nullable String page,
            @Nullable String referrer,
            @Nullable Double revenue,
            Map<String, Object> properties) {}

    /** The GraphQL {@code PageInfo}. */
    record PageInfo(boolean hasNextPage, @Nullable String endCursor) {}

    /** Newest first; equal timestamps by id descending, ids compared as PostgreSQL and their text both do. */
    private static final Comparator<SentEvent> NEWEST_FIRST = Comparator.comparing(SentEvent::timestamp)
            .thenComparing(e -> e.id().toString())
            .reversed();

    private final long seed = new Random().nextLong();
    private final Instant from = SampleEvents.day(6);
    private final Instant to = from.plus(Duration.ofDays(1));
    private List<SentEvent> events = List.of();

    @BeforeAll
    void sendEvents() {
        Random random = new Random(seed);
        Instant shared = from.plus(Duration.ofHours(5)).plus(123_456, ChronoUnit.MICROS);
        // A handful share one timestamp, so the id must break the tie across page boundaries.
        List<SentEvent> sameInstant = Stream.generate(() -> SampleEvents.random(random, shared))
                .limit(9)
                .toList();
        events = Stream.concat(
                        SampleEvents.random(random, from, Duration.ofDays(1), 118).stream(), sameInstant.stream())
                .toList();
        ingestAll(events);
    }

    @Test
    void walkingAllPagesReturnsEveryEventOnceNewestFirst() {
        List<Node> seen = walk(null, 7);

        List<SentEvent> expected = events.stream().sorted(NEWEST_FIRST).toList();
        assertThat(seen)
                .extracting(Node::id)
                .as("seed %d", seed)
                .containsExactlyElementsOf(
                        expected.stream().map(e -> e.id().toString()).toList());
        for (int i = 0; i < expected.size(); i++) {
            assertSameEvent(seen.get(i), expected.get(i));
        }
    }

    @Test
    void filtersApplyToEveryPage() {
        List<Map<String, Object>> filters = List.of(
                ReportQueryTests.filter("country", "EQ", "US"),
                ReportQueryTests.filter("properties.amount", "LTE", "50"));

        List<Node> seen = walk(filters, 4);

        assertThat(seen)
                .extracting(Node::id)
                .as("seed %d", seed)
                .containsExactlyElementsOf(events.stream()
                        .filter(e -> "US".equals(e.country()) && e.number("amount") != null && e.number("amount") <= 50)
                        .sorted(NEWEST_FIRST)
                        .map(e -> e.id().toString())
                        .toList());
    }

    @Test
    void theDefaultPageSizeIsFifty() {
        Connection page = page(null, null, null);

        assertThat(page.edges()).hasSize(50);
        assertThat(page.pageInfo().hasNextPage()).isTrue();
        assertThat(page.pageInfo().endCursor()).isEqualTo(page.edges().getLast().cursor());
    }

    @Test
    void anEmptyRangeIsAnEmptyLastPage() {
        Connection page = graphQl()
                .document(EVENTS)
                .variable("from", to.toString())
                .variable("to", to.plus(Duration.ofSeconds(1)).toString())
                .execute()
                .path("events")
                .entity(Connection.class)
                .get();

        assertThat(page.edges()).isEmpty();
        assertThat(page.pageInfo().hasNextPage()).isFalse();
        assertThat(page.pageInfo().endCursor()).isNull();
    }

    private List<Node> walk(@Nullable List<Map<String, Object>> filters, int size) {
        List<Node> seen = new ArrayList<>();
        String after = null;
        for (int pages = 0; pages < 1000; pages++) {
            Connection page = page(filters, size, after);
            page.edges().forEach(edge -> seen.add(edge.node()));
            if (!page.pageInfo().hasNextPage()) {
                assertThat(page.edges().size()).isLessThanOrEqualTo(size);
                return seen;
            }
            assertThat(page.edges()).hasSize(size);
            assertThat(page.pageInfo().endCursor())
                    .isEqualTo(page.edges().getLast().cursor());
            after = page.pageInfo().endCursor();
        }
        throw new AssertionError("the pages never end");
    }

    private Connection page(
            @Nullable List<Map<String, Object>> filters, @Nullable Integer first, @Nullable String after) {
        return graphQl()
                .document(EVENTS)
                .variable("filters", filters)
                .variable("from", from.toString())
                .variable("to", to.toString())
                .variable("first", first)
                .variable("after", after)
                .execute()
                .path("events")
                .entity(Connection.class)
                .get();
    }

    private static void assertSameEvent(Node node, SentEvent sent) {
        assertThat(UUID.fromString(node.id())).isEqualTo(sent.id());
        assertThat(node.type()).isEqualTo(sent.type());
        // The DateTime scalar writes milliseconds; storage keeps the microseconds (the cursor carries them).
        assertThat(Instant.parse(node.timestamp())).isEqualTo(sent.timestamp().truncatedTo(ChronoUnit.MILLIS));
        assertThat(node.userId()).isEqualTo(sent.userId());
        assertThat(node.sessionId()).isEqualTo(sent.sessionId());
        assertThat(node.country()).isEqualTo(sent.country());
        assertThat(node.device()).isEqualTo(sent.device());
        assertThat(node.browser()).isEqualTo(sent.browser());
        assertThat(node.os()).isEqualTo(sent.os());
        assertThat(node.page()).isEqualTo(sent.page());
        assertThat(node.referrer()).isEqualTo(sent.referrer());
        assertThat(node.revenue()).isEqualTo(sent.revenue());
        assertThat(node.properties()).isEqualTo(sent.properties());
    }
}
