package io.eventlens.app.resilience;

import io.eventlens.core.storage.OverloadedException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * The lane of one class of reads: at most {@code capacity} run at once, up to {@code queueLimit} more wait their turn
 * in arrival order for at most {@code maxWait}; beyond that a read is refused at once with
 * {@link OverloadedException}, never left to pile up. A read's slot is freed when it ends, fails or is cancelled.
 */
final class ReadLane {

    private final String name;
    private final int capacity;
    private final int queueLimit;
    private final Duration maxWait;
    private final Object lock = new Object();
    private final Deque<Waiter> waiting = new ArrayDeque<>();
    private int running;

    /** A read waiting for a slot; {@code granted} once one was handed to it (under the lock). */
    private static final class Waiter {
        private final MonoSink<Slot> sink;
        private boolean granted;

        Waiter(MonoSink<Slot> sink) {
            this.sink = sink;
        }
    }

    /** A slot held by a running read: freed once, whatever happens to the read. */
    private final class Slot {
        private boolean freed;

        void free() {
            synchronized (lock) {
                if (freed) {
                    return;
                }
                freed = true;
            }
            release();
        }
    }

    ReadLane(String name, int capacity, int queueLimit, Duration maxWait) {
        if (capacity < 1 || queueLimit < 0) {
            throw new IllegalArgumentException("a lane runs at least one read and queues none or more");
        }
        this.name = name;
        this.capacity = capacity;
        this.queueLimit = queueLimit;
        this.maxWait = maxWait;
    }

    /** Runs the read in this lane: now, after waiting its turn, or not at all (OVERLOADED). */
    <T> Mono<T> run(Mono<T> read) {
        return Mono.usingWhen(
                acquire(),
                slot -> read,
                slot -> Mono.fromRunnable(slot::free),
                (slot, error) -> Mono.fromRunnable(slot::free),
                slot -> Mono.fromRunnable(slot::free));
    }

    /** Reads running now, for tests and metrics. */
    int running() {
        synchronized (lock) {
            return running;
        }
    }

    private Mono<Slot> acquire() {
        Mono<Slot> slot = Mono.create(sink -> {
            Waiter waiter = new Waiter(sink);
            boolean granted = false;
            boolean queued = false;
            synchronized (lock) {
                if (running < capacity) {
                    running++;
                    granted = true;
                } else if (waiting.size() < queueLimit) {
                    waiting.addLast(waiter);
                    queued = true;
                }
            }
            if (granted) {
                sink.success(new Slot());
            } else if (queued) {
                sink.onCancel(() -> abandon(waiter));
            } else {
                sink.error(overloaded(capacity + " running and " + queueLimit + " waiting"));
            }
        });
        return queueLimit == 0
                ? slot
                : slot.timeout(
                        maxWait,
                        Mono.error(() ->
                                overloaded("waited " + maxWait.toMillis() + " ms for one of " + capacity + " slots")));
    }

    /** A waiter gave up (timed out, or its client went away): its place, or the slot it was just handed, is freed. */
    private void abandon(Waiter waiter) {
        boolean handed;
        synchronized (lock) {
            handed = !waiting.remove(waiter) && waiter.granted;
        }
        if (handed) {
            release(); // handed a slot the cancelled sink dropped
        }
    }

    /** Hands the freed slot to the longest-waiting read, or keeps it free. */
    private void release() {
        Waiter next;
        synchronized (lock) {
            next = waiting.pollFirst();
            if (next == null) {
                running--;
                return;
            }
            next.granted = true;
        }
        next.sink.success(new Slot());
    }

    private OverloadedException overloaded(String state) {
        return new OverloadedException(
                name + " are at capacity (" + state + "); retry shortly",
                Duration.ofMillis(Math.max(100, maxWait.toMillis() / 2)));
    }
}
