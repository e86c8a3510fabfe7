package io.eventlens.clickhouse;

import io.eventlens.core.ProjectId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Runs a project's writes and rollup upkeep one at a time in this process, without blocking a thread: each waits
 * for the previous one to end. The id lookup and the insert of a write then see no other write of the project in
 * between, and a backfill sees no insert, which is what keeps rollups exact (see the module README for several
 * instances).
 */
final class ProjectWrites {

    private final ConcurrentHashMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

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
            return turn.then(Mono.defer(work)).doFinally(signal -> {
                done.complete(null);
                tails.remove(project.value(), done);
            });
        });
    }
}
