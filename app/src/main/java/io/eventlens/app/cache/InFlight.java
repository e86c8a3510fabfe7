package io.eventlens.app.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Computations in progress, by key: whoever asks for a key while its computation runs waits for that one instead of
 * starting another (single-flight), so a burst of identical cache misses costs storage one query. A computation is
 * forgotten as soon as it ends, whatever the outcome: later callers read what it stored, or start afresh after an
 * error. It runs to its end even if every waiter cancels, so its answer is still stored for the next ones.
 */
final class InFlight<K, V> {

    private final Map<K, Mono<V>> running = new ConcurrentHashMap<>();

    /** The running computation of {@code key}, or {@code computation} started now as that key's. */
    Mono<V> join(K key, Supplier<Mono<V>> computation) {
        // cache(): one upstream subscription, shared by every waiter and replayed to late ones until forgotten. The
        // entry is only removed by its own computation's end: no other can be under the key meanwhile.
        return Mono.defer(() -> running.computeIfAbsent(key, k -> Mono.defer(computation)
                .doFinally(signal -> running.remove(k)).cache()));
    }
}
