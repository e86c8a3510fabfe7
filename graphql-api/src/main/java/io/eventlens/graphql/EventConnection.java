package io.eventlens.graphql;

import io.eventlens.core.event.Event;
import io.eventlens.core.query.EventCursor;
import io.eventlens.core.query.EventPage;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The GraphQL {@code EventConnection}: a page of events in Relay's shape. */
record EventConnection(List<Edge> edges, PageInfo pageInfo) {

    /** The GraphQL {@code EventEdge}. */
    record Edge(String cursor, Event node) {}

    /** The GraphQL {@code PageInfo}. */
    record PageInfo(boolean hasNextPage, @Nullable String endCursor) {}

    static EventConnection of(EventPage page) {
        List<Edge> edges = page.events().stream()
                .map(e -> new Edge(EventCursor.of(e).encode(), e))
                .toList();
        return new EventConnection(
                edges,
                new PageInfo(
                        page.hasNextPage(),
                        edges.isEmpty() ? null : edges.getLast().cursor()));
    }
}
