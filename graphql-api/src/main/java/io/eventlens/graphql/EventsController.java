package io.eventlens.graphql;

import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.ErrorCode;
import io.eventlens.core.query.EventCursor;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.query.Filter;
import io.eventlens.core.query.FilterResolver;
import io.eventlens.core.query.QueryException;
import io.eventlens.core.query.QueryLimits;
import io.eventlens.core.storage.EventStorage;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** Answers {@code events}: one page of raw events, newest first, continued by an opaque cursor. */
@Controller
final class EventsController {

    static final int DEFAULT_PAGE_SIZE = 50;

    private final EventStorage storage;
    private final FilterResolver filters;
    private final QueryLimits limits;
    private final CurrentProject project;

    EventsController(EventStorage storage, QueryLimits limits, CurrentProject project) {
        this.storage = storage;
        this.filters = new FilterResolver(limits);
        this.limits = limits;
        this.project = project;
    }

    @QueryMapping
    Mono<EventConnection> events(
            @Argument @Nullable List<FilterInput> filters,
            @Argument @Nullable OffsetDateTime from,
            @Argument @Nullable OffsetDateTime to,
            @Argument @Nullable Integer first,
            @Argument @Nullable String after) {
        List<Filter> resolved = this.filters.resolve(FilterInput.toRequests(filters), Catalog.builtIn());
        TimeBounds bounds = TimeBounds.of(from, to);
        int size = pageSize(first);
        EventCursor cursor = after == null ? null : EventCursor.decode(after, "after");
        return project.get()
                .flatMap(id ->
                        storage.events(new EventPageQuery(id, resolved, bounds.from(), bounds.to(), size, cursor)))
                .map(EventConnection::of);
    }

    /** Events keep an Instant; the DateTime scalar writes offset date-times, so the node shows it in UTC. */
    @SchemaMapping(typeName = "Event", field = "timestamp")
    OffsetDateTime timestamp(Event event) {
        return event.timestamp().atOffset(ZoneOffset.UTC);
    }

    private int pageSize(@Nullable Integer first) {
        if (first == null) {
            return Math.min(DEFAULT_PAGE_SIZE, limits.maxPageSize());
        }
        if (first < 1 || first > limits.maxPageSize()) {
            throw new QueryException(
                    ErrorCode.INVALID_LIMIT,
                    "first",
                    "must be between 1 and " + limits.maxPageSize() + ", got " + first);
        }
        return first;
    }
}
