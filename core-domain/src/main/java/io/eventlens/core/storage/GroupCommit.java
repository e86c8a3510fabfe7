package io.eventlens.core.storage;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Group commit for an engine's writes: a project's batches that arrive while its writes are in flight wait, and the
 * next write takes all of them that fit as one batch (one transaction, one commit flush, one pass of rollup upkeep,
 * no lock waits between them), then gives each caller its own share of the result. A caller is answered only after
 * the write that holds its events committed, so an acknowledgement still means durable.
 *
 * <p>Measured on PostgreSQL with 4 and 40 concurrent clients: separate writes spent most of their time waiting on
 * each other (member numbering, id claims, the rollup lock) and paid a flush each; see docs/benchmarks.md.
 *
 * <p>Shares follow arrival order: an id in two waiting batches is stored from, and counted as inserted for, the
 * first; the other counts it as a duplicate, as if the batches had been written one after the other. If a joined
 * write fails, each of its batches is written again alone, so one bad batch fails only its own caller. A caller that
 * goes away while waiting does not take its events back: they are written, and a retry finds them stored.
 */
public final class GroupCommit {

    /** Writes one batch of a project, as {@link EventStorage#write} does; reports the ids it inserted. */
    @FunctionalInterface
    public interface Writer {
        Mono<WriteResult> write(ProjectId project, List<Event> events);
    }

    private final Writer writer;
    private final int writesInFlight;
    private final int maxEvents;
    private final ConcurrentHashMap<ProjectId, Lane> lanes = new ConcurrentHashMap<>();

    /**
     * @param writesInFlight how many writes of one project may run at once (1 runs them one after the other)
     * @param maxEvents the most events one joined write takes (a single larger batch is still written whole)
     */
    public GroupCommit(Writer writer, int writesInFlight, int maxEvents) {
        if (writesInFlight < 1 || maxEvents < 1) {
            throw new IllegalArgumentException("writesInFlight and maxEvents must be at least 1");
        }
        this.writer = writer;
        this.writesInFlight = writesInFlight;
        this.maxEvents = maxEvents;
    }

    /** Writes the batch, joined with the project's others that wait with it. */
    public Mono<WriteResult> write(ProjectId project, List<Event> events) {
        if (events.isEmpty()) {
            return Mono.just(WriteResult.EMPTY);
        }
        return Mono.create(sink -> lanes.computeIfAbsent(project, Lane::new).offer(new Waiting(events, sink)));
    }

    /**
     * Each batch's share of a joined write's result, in arrival order: the first batch holding an id the write
     * inserted counts it as inserted, every other occurrence is a duplicate.
     */
    static List<WriteResult> shares(List<List<Event>> batches, WriteResult joined) {
        if (joined.insertedIds().size() != joined.inserted()) {
            throw new IllegalStateException("group commit needs the engine to report the ids it inserted: "
                    + joined.inserted() + " inserted, " + joined.insertedIds().size() + " ids reported");
        }
        Set<UUID> unclaimed = new HashSet<>(joined.insertedIds());
        List<WriteResult> shares = new ArrayList<>(batches.size());
        for (List<Event> batch : batches) {
            List<UUID> inserted = new ArrayList<>();
            for (Event event : batch) {
                if (unclaimed.remove(event.id())) {
                    inserted.add(event.id());
                }
            }
            shares.add(new WriteResult(inserted.size(), batch.size() - inserted.size(), inserted));
        }
        return shares;
    }

    private record Waiting(List<Event> events, MonoSink<WriteResult> sink) {}

    /** One project's waiting batches and its writes in flight. */
    private final class Lane {

        private final ProjectId project;
        private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
        private int inFlight;

        Lane(ProjectId project) {
            this.project = project;
        }

        void offer(Waiting batch) {
            synchronized (this) {
                waiting.add(batch);
            }
            drain();
        }

        private void drain() {
            List<Waiting> group = new ArrayList<>();
            synchronized (this) {
                if (inFlight >= writesInFlight || waiting.isEmpty()) {
                    return;
                }
                inFlight++;
                int events = 0;
                while (!waiting.isEmpty()
                        && (group.isEmpty() || events + waiting.peek().events().size() <= maxEvents)) {
                    Waiting next = waiting.poll();
                    group.add(next);
                    events += next.events().size();
                }
            }
            write(group)
                    .doFinally(signal -> {
                        synchronized (this) {
                            inFlight--;
                        }
                        drain();
                    })
                    .subscribe();
        }

        private Mono<Void> write(List<Waiting> group) {
            if (group.size() == 1) {
                return alone(group.getFirst());
            }
            List<List<Event>> batches = group.stream().map(Waiting::events).toList();
            List<Event> joined =
                    new ArrayList<>(batches.stream().mapToInt(List::size).sum());
            batches.forEach(joined::addAll);
            return Mono.defer(() -> writer.write(project, joined))
                    .map(result -> shares(batches, result))
                    .doOnNext(shares -> {
                        for (int i = 0; i < group.size(); i++) {
                            group.get(i).sink().success(shares.get(i));
                        }
                    })
                    .then()
                    // Whatever failed the joined write, each batch gets its own answer: written alone.
                    .onErrorResume(error ->
                            Flux.fromIterable(group).concatMap(this::alone).then());
        }

        private Mono<Void> alone(Waiting batch) {
            return Mono.defer(() -> writer.write(project, batch.events()))
                    .doOnNext(batch.sink()::success)
                    .doOnError(batch.sink()::error)
                    .then()
                    .onErrorComplete();
        }
    }
}
