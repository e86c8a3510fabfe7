package io.eventlens.realtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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

    /**
     * Stops every computation, which completes its subscribers. They are forgotten first: a subscriber's completion
     * releases its entry on this thread, and removing from the map being walked failed the application's stop
     * (a paused test context, once restarted, completed every new subscription at once).
     */
    void stopAll() {
        List<Entry<T>> stopping;
        synchronized (entries) {
            stopping = new ArrayList<>(entries.values());
            entries.clear();
        }
        stopping.forEach(entry -> entry.computation.stop());
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
