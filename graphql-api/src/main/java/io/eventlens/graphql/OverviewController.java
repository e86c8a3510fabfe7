package io.eventlens.graphql;

import io.eventlens.core.query.Overview;
import io.eventlens.core.query.OverviewQuery;
import io.eventlens.core.storage.EventStorage;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/**
 * Answers {@code overview}, the headline numbers, as storage's reports (rollups, sketches when allowed, the report
 * cache); "now" comes from the clock so the last hour is testable.
 */
@Controller
final class OverviewController {

    private final EventStorage storage;
    private final CurrentProject project;
    private final Clock clock;

    OverviewController(EventStorage storage, CurrentProject project, Clock clock) {
        this.storage = storage;
        this.project = project;
        this.clock = clock;
    }

    @QueryMapping
    Mono<Overview> overview(
            @Argument @Nullable OffsetDateTime from,
            @Argument @Nullable OffsetDateTime to,
            @Argument @Nullable Boolean approximate) {
        TimeBounds bounds = TimeBounds.of(from, to);
        return project.get()
                .flatMap(id -> storage.overview(new OverviewQuery(
                        id, bounds.from(), bounds.to(), clock.instant(), Boolean.TRUE.equals(approximate))));
    }
}
