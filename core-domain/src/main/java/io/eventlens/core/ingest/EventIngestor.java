package io.eventlens.core.ingest;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.storage.EventStorage;
import io.eventlens.core.storage.WriteResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * The one ingestion path for every API: checks each draft of a batch, stores the valid events in a single write and
 * answers after the commit with what was stored, what was already there and what was refused.
 */
public final class EventIngestor {

    private final EventStorage storage;
    private final IngestLimits limits;
    private final EventValidator validator;
    private final CommittedEventsListener listener;
    private final IngestObserver observer;

    public EventIngestor(EventStorage storage, IngestLimits limits, Clock clock) {
        this(storage, limits, clock, CommittedEventsListener.NONE);
    }

    /** An ingestor that tells {@code listener} of every committed batch's new events. */
    public EventIngestor(EventStorage storage, IngestLimits limits, Clock clock, CommittedEventsListener listener) {
        this(storage, limits, clock, listener, IngestObserver.NONE);
    }

    /** An ingestor that also tells {@code observer} how each batch was answered and how fast. */
    public EventIngestor(
            EventStorage storage,
            IngestLimits limits,
            Clock clock,
            CommittedEventsListener listener,
            IngestObserver observer) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.validator = new EventValidator(limits, clock);
        this.listener = Objects.requireNonNull(listener, "listener");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /**
     * Ingests one batch into {@code project}. Signals {@link BatchRejectedException} for an empty or oversized batch;
     * storage failures pass through, and since every stored event has an id a failed batch can be sent again.
     */
    public Mono<IngestResult> ingest(ProjectId project, List<EventDraft> drafts) {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(drafts, "drafts");
        return Mono.defer(() -> {
            long start = System.nanoTime();
            if (drafts.isEmpty()) {
                return Mono.error(new BatchRejectedException(
                        BatchRejectedException.Code.EMPTY_BATCH, "the batch holds no events: send at least one"));
            }
            if (drafts.size() > limits.maxEventsPerBatch()) {
                return Mono.error(new BatchRejectedException(
                        BatchRejectedException.Code.TOO_MANY_EVENTS,
                        "the batch holds " + drafts.size() + " events; the limit is " + limits.maxEventsPerBatch()
                                + ": split it into smaller batches"));
            }
            List<Event> valid = new ArrayList<>(drafts.size());
            List<Rejection> rejected = new ArrayList<>();
            for (int i = 0; i < drafts.size(); i++) {
                switch (validator.validate(i, drafts.get(i))) {
                    case EventValidator.Valid(Event event) -> valid.add(event);
                    case EventValidator.Invalid(Rejection rejection) -> rejected.add(rejection);
                }
            }
            if (valid.isEmpty()) {
                IngestResult none = new IngestResult(0, 0, rejected);
                observer.answered(none, System.nanoTime() - start);
                return Mono.just(none);
            }
            return storage.write(project, valid)
                    .doOnNext(written -> notifyCommitted(project, valid, written))
                    .map(written -> new IngestResult(written.inserted(), written.duplicates(), rejected))
                    .doOnNext(result -> observer.answered(result, System.nanoTime() - start))
                    .doOnError(error -> observer.failed(System.nanoTime() - start));
        });
    }

    /** Runs after the commit; a failing listener must not turn a stored batch into an error the client retries. */
    private void notifyCommitted(ProjectId project, List<Event> valid, WriteResult written) {
        if (written.inserted() == 0 || listener == CommittedEventsListener.NONE) {
            return;
        }
        List<Event> stored;
        if (written.insertedIds().isEmpty() && written.inserted() == valid.size()) {
            stored = valid; // an engine that does not report ids, but stored everything
        } else {
            Set<UUID> inserted = new HashSet<>(written.insertedIds());
            // The first occurrence of a repeated id is the one stored, so each stored id is taken once.
            stored = valid.stream().filter(event -> inserted.remove(event.id())).toList();
        }
        if (stored.isEmpty()) {
            return;
        }
        try {
            listener.committed(project, stored);
        } catch (RuntimeException e) {
            System.getLogger(EventIngestor.class.getName())
                    .log(System.Logger.Level.WARNING, "A committed-events listener failed; the batch is stored", e);
        }
    }

    public IngestLimits limits() {
        return limits;
    }
}
