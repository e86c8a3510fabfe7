package io.eventlens.realtime;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.catalog.CustomDimension;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.ErrorCode;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.QueryException;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.ReportRequestResolver;
import io.eventlens.core.storage.EventStorage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Live reports: one shared computation per distinct (project, input, refresh), recomputed when a committed event
 * passes its filters and falls into its range. Rolling windows are also recomputed as the clock moves.
 */
final class LiveReports {

    static final int DEFAULT_REFRESH_MS = 1000;
    static final int MIN_REFRESH_MS = 100;
    /** A rolling window changes with the clock alone (buckets slide, old events leave); rechecked this often. */
    static final Duration MIN_CLOCK_TICK = Duration.ofSeconds(1);

    /** What equal subscriptions share. */
    record Key(ProjectId project, LiveReportInput input, Duration refresh) {}

    private final EventStorage storage;
    private final ReportRequestResolver resolver;
    private final Clock clock;
    private final SharedComputations<Key, Report> shared;

    LiveReports(
            EventStorage storage,
            ReportRequestResolver resolver,
            LiveFeed feed,
            Clock clock,
            Scheduler scheduler,
            LiveMeters meters,
            LiveSpans spans) {
        this.storage = storage;
        this.resolver = resolver;
        this.clock = clock;
        this.shared = new SharedComputations<>(key -> {
            ReportQuery initial = resolve(key.project(), key.input());
            LiveComputation<Report> computation = computation(key, initial, scheduler, meters, spans);
            computation.start(batchesFor(feed, key.project(), initial));
            return computation;
        });
    }

    /** Validates the input now (so a bad one fails the subscription at once), then joins its shared computation. */
    Flux<Report> subscribe(ProjectId project, LiveReportInput input, @Nullable Integer refreshMs) {
        int refresh = refreshMs == null ? DEFAULT_REFRESH_MS : refreshMs;
        if (refresh < MIN_REFRESH_MS) {
            throw new QueryException(
                    ErrorCode.INVALID_ARGUMENT,
                    "refreshMs",
                    "must be at least " + MIN_REFRESH_MS + " (milliseconds), got " + refresh);
        }
        resolve(project, input);
        return shared.subscribe(new Key(project, input, Duration.ofMillis(refresh)));
    }

    int distinctInputs() {
        return shared.size();
    }

    void stopAll() {
        shared.stopAll();
    }

    private ReportQuery resolve(ProjectId project, LiveReportInput input) {
        return resolver.resolve(project, input.toRequest(clock.instant()), Catalog.builtIn());
    }

    /**
     * The batches that can change the report: with an {@code EQ}/{@code IN} filter, only those with an event that
     * passes it (an event that fails one filter fails the report's filters); without one, every batch.
     */
    private static Flux<CommittedBatch> batchesFor(LiveFeed feed, ProjectId project, ReportQuery query) {
        return query.filters().stream()
                .filter(filter -> filter.op() == FilterOp.EQ || filter.op() == FilterOp.IN)
                .filter(filter -> !(filter.dimension() instanceof CustomDimension))
                .findFirst()
                .map(filter -> feed.batches(project, filter.dimension(), Set.copyOf(filter.values())))
                .orElseGet(feed::batches);
    }

    private LiveComputation<Report> computation(
            Key key, ReportQuery initial, Scheduler scheduler, LiveMeters meters, LiveSpans spans) {
        RelativeRange rolling = key.input().rolling();
        EventMatcher matcher = new EventMatcher(initial.filters());
        Duration tick =
                rolling == null ? null : key.refresh().compareTo(MIN_CLOCK_TICK) > 0 ? key.refresh() : MIN_CLOCK_TICK;
        if (TallyReport.answers(initial)) {
            IncrementalReport incremental = new IncrementalReport(storage, initial, rolling != null, scheduler);
            Predicate<CommittedBatch> affects = batch -> batch.project().equals(key.project())
                    && incremental.accept(
                            batch.events(), rolling == null ? initial.range() : rolling.at(clock.instant()));
            return new LiveComputation<>(
                    "liveReport " + key,
                    () -> {
                        Instant now = clock.instant();
                        return incremental.report(query(key, now), now);
                    },
                    LiveReports::sameNumbers,
                    affects,
                    key.refresh(),
                    tick,
                    scheduler,
                    meters,
                    spans);
        }
        Predicate<Event> inRange = rolling == null
                ? event -> initial.range().contains(event.timestamp())
                // Events stamped ahead of now enter the window later: the clock tick picks them up then.
                : event -> !event.timestamp().isBefore(clock.instant().minus(rolling.length()));
        Predicate<CommittedBatch> affects = batch -> batch.project().equals(key.project())
                && batch.events().stream().anyMatch(event -> inRange.test(event) && matcher.matches(event));
        return new LiveComputation<>(
                "liveReport " + key,
                () -> compute(key),
                LiveReports::sameNumbers,
                affects,
                key.refresh(),
                tick,
                scheduler,
                meters,
                spans);
    }

    private ReportQuery query(Key key, Instant now) {
        return resolver.resolve(key.project(), key.input().toRequest(now), Catalog.builtIn());
    }

    private Mono<Report> compute(Key key) {
        long start = System.nanoTime();
        return storage.report(query(key, clock.instant()))
                .map(report -> report.withMeta(report.meta().withTookMs((System.nanoTime() - start) / 1e6)));
    }

    /** Pushes only what a dashboard would draw differently; the time taken is no reason to push. */
    private static boolean sameNumbers(Report a, Report b) {
        return a.columns().equals(b.columns())
                && a.rows().equals(b.rows())
                && a.totals().equals(b.totals());
    }
}
