package io.eventlens.realtime;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * Live computations by input: the first subscriber of an input starts its computation, later ones share it, the
 * last one to leave stops it. So the work grows with the number of distinct inputs, not of subscribers.
 */
final class SharedComputations<K, T> {

    private final Map<K, Entry<T>> entries = new HashMap<>();
    private final Function<K, LiveComputation<T>> start;

    /** @param start creates and starts the computation of a key */
    SharedComputations(Function<K, LiveComputation<T>> start) {
        this.start = start;
    }

    private static final class Entry<T> {
        final LiveComputation<T> computation;
        int subscribers;

        Entry(LiveComputation<T> computation) {
            this.computation = computation;
        }
    }

    Flux<T> subscribe(K key) {
        return Flux.defer(() -> {
            Entry<T> entry;
            synchronized (entries) {
                entry = entries.computeIfAbsent(key, k -> new Entry<>(start.apply(k)));
                entry.subscribers++;
            }
            return entry.computation.answers().doFinally(signal -> release(key, entry));
        });
    }

    /** Distinct inputs computed right now. */
    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    void stopAll() {
        synchronized (entries) {
            entries.values().forEach(entry -> entry.computation.stop());
            entries.clear();
        }
    }

    private void release(K key, Entry<T> entry) {
        synchronized (entries) {
            if (--entry.subscribers == 0 && entries.get(key) == entry) {
                entries.remove(key);
                entry.computation.stop();
            }
        }
    }
}
