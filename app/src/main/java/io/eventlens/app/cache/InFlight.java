package io.eventlens.app.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Computations in progress, by key: whoever asks for a key while its computation runs waits for that one instead of
 * starting another (single-flight), so a burst of identical cache misses costs storage one query. A computation is
 * forgotten as soon as it ends, whatever the outcome: later callers read what it stored, or start afresh after an
 * error. When every waiter has gone away (clients that disconnected, timeouts above) it is cancelled, which stops its
 * read in the database instead of leaving it to run to its end for nobody.
 */
final class InFlight<K, V> {

    private final Map<K, Mono<V>> running = new ConcurrentHashMap<>();

    /** The running computation of {@code key}, or {@code computation} started now as that key's. */
    Mono<V> join(K key, Supplier<Mono<V>> computation) {
        return Mono.defer(() -> running.computeIfAbsent(key, k -> shared(k, computation)));
    }

    /**
     * One upstream subscription shared by every waiter and replayed to late ones, cancelled when the last waiter
     * leaves. Its end forgets only its own entry: a caller that subscribes after it ended may run the computation once
     * more, but never removes a newer computation of the key.
     */
    private Mono<V> shared(K key, Supplier<Mono<V>> computation) {
        AtomicReference<Mono<V>> self = new AtomicReference<>(); // the entry to forget, known once built
        Mono<V> shared = Mono.defer(computation)
                .doFinally(signal -> running.remove(key, self.get()))
                .flux()
                .replay(1)
                .refCount(1)
                .next();
        self.set(shared);
        return shared;
    }
}
