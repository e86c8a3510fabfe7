package io.eventlens.app.resilience;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.ContextView;

/**
 * Identical reads run once per round and share the answer. A read that arrives while the same read is running does
 * not join it — that one may have started before an event this caller saw acknowledged — but waits for the next
 * round, which starts as soon as the running one ends and answers everyone who arrived meanwhile. So 500 users
 * opening the same dashboard tile cost about one read per round, and every answer still includes every event
 * acknowledged before its request.
 */
final class ReadRounds<K, V> {

    /** One computation of a key and everyone waiting for it. */
    private final class Round {
        private final Sinks.One<V> answer = Sinks.one();
        private final Supplier<Mono<V>> read;
        private final ContextView context;

        Round(Supplier<Mono<V>> read, ContextView context) {
            this.read = read;
            this.context = context;
        }
    }

    /** A key's running round, and the next one gathering its callers. */
    private final class Key {
        private Round running;
        private @Nullable Round next;

        Key(Round running) {
            this.running = running;
        }
    }

    private final Object lock = new Object();
    private final Map<K, Key> keys = new HashMap<>();

    /** The answer of a round of {@code key} that starts after this call (this one, or the next). */
    Mono<V> join(K key, Supplier<Mono<V>> read) {
        return Mono.deferContextual(context -> {
            Round round;
            boolean start;
            synchronized (lock) {
                Key state = keys.get(key);
                if (state == null) {
                    round = new Round(read, context);
                    keys.put(key, new Key(round));
                    start = true;
                } else {
                    if (state.next == null) {
                        state.next = new Round(read, context);
                    }
                    round = state.next;
                    start = false;
                }
            }
            if (start) {
                start(key, round);
            }
            return round.answer.asMono();
        });
    }

    /** Rounds running now, for tests. */
    int running() {
        synchronized (lock) {
            return keys.size();
        }
    }

    /**
     * Runs a round to its end, whoever still waits for it (a round abandoned by its callers is cheaper to finish
     * than to reason about), in the context of the caller that started it.
     */
    private void start(K key, Round round) {
        Mono.defer(round.read).contextWrite(round.context).subscribe(
                value -> round.answer.tryEmitValue(value),
                error -> {
                    round.answer.tryEmitError(error);
                    ended(key);
                },
                () -> {
                    round.answer.tryEmitEmpty(); // ignored after a value
                    ended(key);
                });
    }

    private void ended(K key) {
        Round next;
        synchronized (lock) {
            // A key stays until its last round ends, and only here is it removed.
            Key state = Objects.requireNonNull(keys.get(key), "the key of a running round");
            next = state.next;
            state.next = null;
            if (next == null) {
                keys.remove(key);
            } else {
                state.running = next;
            }
        }
        if (next != null) {
            start(key, next);
        }
    }
}
