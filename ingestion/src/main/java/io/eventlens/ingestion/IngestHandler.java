package io.eventlens.ingestion;

import io.eventlens.core.ProjectId;
import io.eventlens.core.access.Limit;
import io.eventlens.core.access.RateLimits;
import io.eventlens.core.access.Scope;
import io.eventlens.core.ingest.BatchRejectedException;
import io.eventlens.core.ingest.EventIngestor;
import io.eventlens.core.ingest.IngestObserver;
import io.eventlens.core.ingest.IngestResult;
import java.util.List;
import java.util.Optional;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.core.publisher.Mono;

/** {@code POST /v1/events}: reads a bounded body, ingests it and answers with what was stored and refused. */
final class IngestHandler {

    private static final List<MediaType> SUPPORTED = List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_NDJSON);
    private static final Log log = LogFactory.getLog(IngestHandler.class);

    private final EventIngestor ingestor;
    private final BatchReader reader;
    private final ProjectResolver projects;
    private final RateLimits limits;
    private final int maxBodyBytes;
    private final IngestProblems problems;
    private final IngestObserver observer;

    IngestHandler(
            EventIngestor ingestor,
            BatchReader reader,
            ProjectResolver projects,
            RateLimits limits,
            int maxBodyBytes,
            IngestObserver observer) {
        this.observer = observer;
        this.limits = limits;
        this.ingestor = ingestor;
        this.reader = reader;
        this.projects = projects;
        this.maxBodyBytes = maxBodyBytes;
        this.problems = new IngestProblems(maxBodyBytes);
    }

    Mono<ServerResponse> ingest(ServerRequest request) {
        // The key first: nothing of an unauthenticated body is read.
        return projects.resolve(request)
                .flatMap(caller -> {
                    ProjectId project = caller.project(Scope.INGEST);
                    BatchReader.Format format = format(request);
                    return IngestBodies.read(request, maxBodyBytes)
                            .map(body -> reader.read(format, body))
                            // Counted once the size is known; a refused batch is not stored at all.
                            .flatMap(batch -> limits.take(caller, Limit.INGEST_EVENTS, batch.size())
                                    .then(store(project, batch)));
                })
                .flatMap(result -> ServerResponse.status(
                                result.accepted() + result.duplicates() > 0
                                        ? HttpStatus.OK
                                        : HttpStatus.UNPROCESSABLE_CONTENT)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(result))
                .onErrorResume(error -> problems.respond(error, request));
    }

    private Mono<IngestResult> store(ProjectId project, ParsedBatch batch) {
        if (batch.size() == 0) {
            return Mono.error(new BatchRejectedException(
                    BatchRejectedException.Code.EMPTY_BATCH, "the batch holds no events: send at least one"));
        }
        if (!batch.unreadable().isEmpty()) {
            observer.unreadable(batch.unreadable());
        }
        if (batch.drafts().isEmpty()) {
            return Mono.just(batch.merge(new IngestResult(0, 0, List.of())));
        }
        return ingestor.ingest(project, batch.drafts()).map(batch::merge).doOnNext(result -> {
            if (log.isDebugEnabled()) {
                // Carries the request id in structured logs: the line that joins a client's request to the server.
                log.debug("Batch of " + batch.size() + " for project " + project.value() + ": " + result.accepted()
                        + " accepted, " + result.duplicates() + " duplicates, "
                        + result.rejected().size()
                        + " rejected");
            }
        });
    }

    private static BatchReader.Format format(ServerRequest request) {
        Optional<MediaType> contentType;
        try {
            contentType = request.headers().contentType();
        } catch (InvalidMediaTypeException e) {
            // A header that does not parse names no type we take: the same answer as any other type.
            throw new UnsupportedMediaTypeStatusException((MediaType) null, SUPPORTED);
        }
        MediaType type =
                contentType.orElseThrow(() -> new UnsupportedMediaTypeStatusException((MediaType) null, SUPPORTED));
        if (type.equalsTypeAndSubtype(MediaType.APPLICATION_JSON)) {
            return BatchReader.Format.JSON;
        }
        if (type.equalsTypeAndSubtype(MediaType.APPLICATION_NDJSON)) {
            return BatchReader.Format.NDJSON;
        }
        throw new UnsupportedMediaTypeStatusException(type, SUPPORTED);
    }
}
