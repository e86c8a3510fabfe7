package io.eventlens.app.resilience;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.ContextView;

/**
 * Identical reads run once per round and share the answer. A read that arrives while the same read is running does
 * not join it — that one may have started before an event this caller saw acknowledged — but waits for the next
 * round, which starts as soon as the running one ends and answers everyone who arrived meanwhile. So 500 users
 * opening the same dashboard tile cost about one read per round, and every answer still includes every event
 * acknowledged before its request. A round every caller of which went away (a client that disconnected, a timeout
 * above) is cancelled, which stops its read in the database and frees its lane, instead of running to its end.
 */
final class ReadRounds<K, V> {

    /** One computation of a key and everyone waiting for it. */
    private final class Round {
        private final Sinks.One<V> answer = Sinks.one();
        private final Supplier<Mono<V>> read;
        private final ContextView context;
        /** Callers still waiting for the answer (under the lock). */
        private int waiting;
        /** Whether every caller went away: the round is cancelled, or never starts (under the lock). */
        private boolean abandoned;
        /** The running read, once started (under the lock). */
        private @Nullable Disposable running;

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
                round.waiting++;
            }
            if (start) {
                start(key, round);
            }
            return round.answer.asMono().doOnCancel(() -> left(key, round));
        });
    }

    /** A caller went away; the last one to leave cancels the round (or drops it, if it has not started). */
    private void left(K key, Round round) {
        Disposable cancel = null;
        boolean endRunning = false;
        synchronized (lock) {
            if (--round.waiting > 0 || round.abandoned) {
                return;
            }
            round.abandoned = true;
            Key state = keys.get(key);
            if (state != null && state.next == round) {
                state.next = null; // never started
            } else if (state != null && state.running == round) {
                cancel = round.running;
                endRunning = true;
            }
        }
        if (cancel != null) {
            cancel.dispose();
        }
        if (endRunning) {
            ended(key, round);
        }
    }

    /** Rounds running now, for tests. */
    int running() {
        synchronized (lock) {
            return keys.size();
        }
    }

    /** Runs a round in the context of the caller that started it, until it ends or its last caller leaves. */
    private void start(K key, Round round) {
        Disposable running = Mono.defer(round.read)
                .contextWrite(round.context)
                .subscribe(
                        value -> round.answer.tryEmitValue(value),
                        error -> {
                            round.answer.tryEmitError(error);
                            ended(key, round);
                        },
                        () -> {
                            round.answer.tryEmitEmpty(); // ignored after a value
                            ended(key, round);
                        });
        boolean abandoned;
        synchronized (lock) {
            round.running = running;
            abandoned = round.abandoned;
        }
        if (abandoned) {
            running.dispose(); // every caller left while it was being started
        }
    }

    /** The round ended, or was cancelled: the next one, if anyone waits for it, starts now. Once per round. */
    private void ended(K key, Round round) {
        Round next;
        synchronized (lock) {
            Key state = keys.get(key);
            if (state == null || state.running != round) {
                return; // already ended (cancelled, then its read signalled anyway)
            }
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
