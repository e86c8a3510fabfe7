package io.eventlens.realtime;

import io.eventlens.core.storage.ReadHints;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * One shared, self-refreshing answer: computed once when started, then again whenever a committed batch affects it
 * (and, for answers that move with the clock, on every refresh tick), at most once per {@code refresh}. Every
 * subscriber of the same input reads the same stream; a new subscriber gets the latest answer at once.
 *
 * <p>Never misses a change: the dirty mark is cleared before a computation starts, so a batch committed while it
 * runs marks it again and causes one more run. Answers equal to the previous one are not pushed. A pushed answer
 * records its ingest-to-push latency from the oldest batch it is the first answer to include.
 */
final class LiveComputation<T> {

    private static final Logger log = LoggerFactory.getLogger(LiveComputation.class);

    private final String name;
    private final Supplier<Mono<T>> compute;
    private final BiPredicate<T, T> same;
    private final Predicate<CommittedBatch> affects;
    private final Duration refresh;
    private final @Nullable Duration tick;
    private final Scheduler scheduler;
    private final LiveMeters meters;
    private final LiveSpans spans;
    private final Sinks.Many<T> answers = Sinks.many().replay().latest();
    private final Disposable.Composite resources = Disposables.composite();

    private boolean dirty = true;
    private boolean running;
    private boolean scheduled;
    private boolean stopped;
    private long lastStartNanos = Long.MIN_VALUE / 2;
    private @Nullable T last;
    private @Nullable Disposable pending;
    /** The commit time of the oldest affecting batch no computation has started with since. */
    private @Nullable Instant oldestUnincluded;

    LiveComputation(
            String name,
            Supplier<Mono<T>> compute,
            BiPredicate<T, T> same,
            Predicate<CommittedBatch> affects,
            Duration refresh,
            @Nullable Duration tick,
            Scheduler scheduler,
            LiveMeters meters,
            LiveSpans spans) {
        this.name = name;
        this.compute = compute;
        this.spans = spans;
        this.same = same;
        this.affects = affects;
        this.refresh = refresh;
        this.tick = tick;
        this.scheduler = scheduler;
        this.meters = meters;
    }

    void start(Flux<CommittedBatch> feed) {
        resources.add(feed.filter(affects)
                .subscribe(batch -> markDirty(batch.committed()), e -> log.warn("{}: feed failed", name, e)));
        if (tick != null) {
            resources.add(scheduler.schedulePeriodically(
                    this::markDirty, tick.toMillis(), tick.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
        }
        schedule();
    }

    Flux<T> answers() {
        return answers.asFlux();
    }

    synchronized void stop() {
        stopped = true;
        resources.dispose();
        if (pending != null) {
            pending.dispose();
        }
        answers.tryEmitComplete();
    }

    void markDirty() {
        synchronized (this) {
            dirty = true;
        }
        schedule();
    }

    private void markDirty(Instant committed) {
        synchronized (this) {
            dirty = true;
            oldestUnincluded = earlier(oldestUnincluded, committed);
        }
        schedule();
    }

    private static @Nullable Instant earlier(@Nullable Instant a, @Nullable Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    /** Leading edge: runs at once if the last run started at least {@code refresh} ago, else when it has. */
    private synchronized void schedule() {
        if (stopped || running || scheduled || !dirty) {
            return;
        }
        long waitNanos = Math.max(0, lastStartNanos + refresh.toNanos() - System.nanoTime());
        scheduled = true;
        pending = scheduler.schedule(this::run, waitNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private void run() {
        Instant included;
        synchronized (this) {
            scheduled = false;
            if (stopped || !dirty) {
                return;
            }
            dirty = false;
            // Every batch marked so far is committed, so this computation sees it.
            included = oldestUnincluded;
            oldestUnincluded = null;
            running = true;
            lastStartNanos = System.nanoTime();
        }
        // Pushing runs every subscriber's GraphQL execution and encoding: keep it off the storage driver's I/O
        // threads, where a read completes, so it never delays other queries' and writes' round trips.
        // Live reads are repeated whenever events arrive: a cached answer is never valid for them, so skip caches.
        // The span covers the reads and the push to every subscriber ("liveReport <key>": the kind is the first word).
        spans.around(
                        name.split(" ", 2)[0],
                        ReadHints.uncached(Mono.defer(compute))
                                .publishOn(scheduler)
                                .doOnNext(answer -> publish(answer, included)))
                .subscribe(
                        answer -> {},
                        failure -> {
                            log.warn("{}: live computation failed; retrying on the next change", name, failure);
                            synchronized (this) {
                                dirty = true;
                                oldestUnincluded = earlier(oldestUnincluded, included);
                            }
                            finished();
                        },
                        this::finished);
    }

    private synchronized void publish(T answer, @Nullable Instant included) {
        if (!stopped && (last == null || !same.test(last, answer))) {
            last = answer;
            // Subscribers' executions run and hand their results to connections within this call.
            answers.tryEmitNext(answer);
            if (included != null) {
                meters.answerPushed(included);
            }
        }
    }

    private void finished() {
        synchronized (this) {
            running = false;
        }
        schedule();
    }
}
