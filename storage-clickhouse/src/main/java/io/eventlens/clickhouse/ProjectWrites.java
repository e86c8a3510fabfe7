package io.eventlens.clickhouse;

import io.eventlens.core.ProjectId;
import io.eventlens.core.storage.ProjectWriteLock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Runs a project's writes and rollup upkeep one at a time, without blocking a thread: in this process each waits
 * for the previous one to end, then takes the project's {@link ProjectWriteLock} so that other instances' writes
 * wait too. The id lookup and the insert of a write then see no other write of the project in between, and a
 * backfill sees no insert, which is what keeps rollups exact.
 */
final class ProjectWrites {

    private final ConcurrentHashMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    private final ProjectWriteLock acrossInstances;

    ProjectWrites(ProjectWriteLock acrossInstances) {
        this.acrossInstances = acrossInstances;
    }

    <T> Mono<T> serialized(ProjectId project, Supplier<Mono<T>> work) {
        return Mono.defer(() -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            AtomicReference<@Nullable CompletableFuture<Void>> previous = new AtomicReference<>();
            tails.compute(project.value(), (key, tail) -> {
                previous.set(tail);
                return done;
            });
            CompletableFuture<Void> before = previous.get();
            // Whatever the previous one ended with, it ended: this one's turn.
            Mono<Void> turn = before == null ? Mono.empty() : Mono.fromFuture(before, true);
            return turn.then(Mono.defer(() -> acrossInstances.holding(project, work)))
                    .doFinally(signal -> {
                        done.complete(null);
                        tails.remove(project.value(), done);
                    });
        });
    }
}
