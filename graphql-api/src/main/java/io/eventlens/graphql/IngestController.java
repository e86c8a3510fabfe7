package io.eventlens.graphql;

import io.eventlens.core.access.Caller;
import io.eventlens.core.access.Limit;
import io.eventlens.core.access.RateLimits;
import io.eventlens.core.ingest.BatchRejectedException;
import io.eventlens.core.ingest.EventDraft;
import io.eventlens.core.ingest.EventIngestor;
import io.eventlens.core.ingest.IngestResult;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** Answers the {@code ingest} mutation through the same ingestion path as {@code POST /v1/events}. */
@Controller
final class IngestController {

    private final EventIngestor ingestor;
    private final CurrentProject project;
    private final int maxEvents;
    private final RateLimits limits;

    IngestController(EventIngestor ingestor, CurrentProject project, int maxEvents, RateLimits limits) {
        this.limits = limits;
        this.ingestor = ingestor;
        this.project = project;
        this.maxEvents = maxEvents;
    }

    /**
     * Takes the events as raw maps: they hold exactly the fields the client sent, so the ingestor tells an omitted
     * field from an explicit null just as it does for JSON over HTTP.
     */
    @MutationMapping
    Mono<IngestResult> ingest(@Argument List<Map<String, @Nullable Object>> events) {
        if (events.size() > maxEvents) {
            throw new BatchRejectedException(
                    BatchRejectedException.Code.TOO_MANY_EVENTS,
                    "the batch holds "
                            + events.size() + " events; a GraphQL call takes at most " + maxEvents
                            + ": split it, or send bigger batches to POST /v1/events");
        }
        List<EventDraft> drafts = events.stream().map(EventDraft::new).toList();
        // The same events-per-second limit as POST /v1/events, on top of the one permit every operation takes.
        return project.ingest()
                .flatMap(id -> Caller.current()
                        .flatMap(caller -> limits.take(caller, Limit.INGEST_EVENTS, drafts.size()))
                        .then(ingestor.ingest(id, drafts)));
    }
}
