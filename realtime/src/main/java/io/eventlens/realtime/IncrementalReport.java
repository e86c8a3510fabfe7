package io.eventlens.realtime;

import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.BucketSeries;
import io.eventlens.core.query.EventCursor;
import io.eventlens.core.query.EventPage;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.query.QueryLimits;
import io.eventlens.core.query.QueryMeta;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.SortKey;
import io.eventlens.core.query.TimeRange;
import io.eventlens.core.storage.EventStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * A live report over {@code events}, {@code revenue}, {@code uniqueUsers} and {@code sessions} kept up to date from
 * what changed instead of re-read in full: the stored history {@code [from, cut)} is read once, committed events
 * stamped from {@code cut} on are tallied in memory as the feed delivers them, and a rolling window subtracts only the
 * slice it left behind.
 * A push therefore costs one small range query at most, whatever the window's size. Distinct counts are kept exact
 * by tallying per user (session) as well: reads then group by the member column too (see {@link AdditiveTally}).
 *
 * <p>Exact by construction: the feed is listened to before history is read, so every committed event stamped at or
 * after {@code cut} is either in the first catch-up read or delivered afterwards (ids make the overlap count once).
 * An event stamped before {@code cut} that arrives after history was read may or may not be in that read: history is
 * then read again. The cut trails the clock by {@link #GRACE}, so ordinary in-flight batches never force that.
 */
final class IncrementalReport {

    /**
     * How far the cut trails the clock: events arriving later than this after their timestamp re-read history. Under
     * load, commit and fan-out take seconds; a short grace turns every batch into a late one and every push into a
     * full read (measured: 5 s collapsed at 5,000 events/s). Memory holds this much of the matching fresh events.
     */
    static final Duration GRACE = Duration.ofSeconds(30);

    private static final int PAGE = QueryLimits.defaults().maxPageSize();
    /** The most series a read may ask for; a slice with this many series cannot be merged exactly. */
    private static final int MAX_ROWS = QueryLimits.defaults().maxLimit();
    /**
     * The most rows (series times buckets) a read per member may bring: a wider report is re-read in full on each
     * push instead, as it was before tallies (memory per live report stays bounded, ~100 bytes a row).
     */
    static final int MAX_MEMBER_ROWS = 100_000;

    private static final Comparator<Event> BY_TIMESTAMP = Comparator.comparing(Event::timestamp);

    private final EventStorage storage;
    private final EventMatcher matcher;
    private final boolean rolling;

    /**
     * The stored history plus the counted fresh events: once history is read, exactly the events of the range the
     * last answer was for. Fresh events that the cut passes stay in it (they are history now).
     */
    private AdditiveTally tally;
    /** Where the history read starts (null until it was read); a rolling window moves it on as it forgets. */
    private @Nullable Instant historyFrom;

    private @Nullable Instant cut;
    /** The cut of a history read in flight: a late event arriving meanwhile may be missing from that read. */
    private @Nullable Instant pendingCut;

    private boolean historyStale;
    private boolean tooWide;
    private String historySource = "events";
    /** Ids of the committed matching events stamped at or after the cut: a catch-up read and the feed may overlap. */
    private final Set<UUID> freshIds = new HashSet<>();
    /** The same events, oldest first, to move into history as the cut moves on. */
    private final PriorityQueue<Event> fresh = new PriorityQueue<>(BY_TIMESTAMP);
    /** The same events, stamped ahead of the clock: counted once the range reaches them. */
    private final PriorityQueue<Event> ahead = new PriorityQueue<>(BY_TIMESTAMP);

    private final ReportQuery shape;
    private final Scheduler scheduler;

    /**
     * @param shape the report (any range): its dimensions, granularity and zone say what a row is
     * @param scheduler where merging runs, off the storage driver's I/O threads
     */
    IncrementalReport(EventStorage storage, ReportQuery shape, boolean rolling, Scheduler scheduler) {
        this.storage = storage;
        this.scheduler = scheduler;
        this.matcher = new EventMatcher(shape.filters());
        this.shape = shape;
        this.rolling = rolling;
        this.tally = new AdditiveTally(TallyReport.members(shape));
    }

    /** Takes a committed batch; returns whether any of its events may change the report over {@code current}. */
    synchronized boolean accept(List<Event> events, TimeRange current) {
        boolean relevant = false;
        Instant boundary = pendingCut != null ? pendingCut : cut;
        for (Event event : events) {
            Instant timestamp = event.timestamp();
            if (timestamp.isBefore(current.from())
                    || !rolling && !timestamp.isBefore(current.to())
                    || !matcher.matches(event)) {
                continue;
            }
            relevant = true;
            if (tooWide) {
                continue;
            }
            if (boundary != null && timestamp.isBefore(boundary)) {
                historyStale = true; // late: the history read may or may not have seen it
            } else {
                addFresh(event, current.to());
            }
        }
        return relevant;
    }

    private void addFresh(Event event, Instant rangeEnd) {
        if (!freshIds.add(event.id())) {
            return;
        }
        fresh.add(event);
        if (event.timestamp().isBefore(rangeEnd)) {
            tally(event, 1);
        } else {
            ahead.add(event);
        }
    }

    private void tally(Event event, int sign) {
        tally.add(event, sign, shape.dimensions(), shape.granularity(), shape.zone());
    }

    /**
     * Fresh events stamped before {@code instant} become history: they stay counted, but are no longer remembered
     * one by one. One still waiting ahead of the range is counted now.
     */
    private void moveFreshBefore(Instant instant) {
        while (!fresh.isEmpty() && fresh.peek().timestamp().isBefore(instant)) {
            Event event = fresh.poll();
            freshIds.remove(event.id());
            if (ahead.remove(event)) {
                tally(event, 1);
            }
        }
    }

    /** The report for {@code query}, whose range is the one that applies at {@code now}. */
    Mono<Report> report(ReportQuery query, Instant now) {
        long start = System.nanoTime();
        Step step = next(query, now);
        Mono<Boolean> ready = switch (step) {
            case Step.Whole whole -> Mono.just(false);
            case Step.ReadHistory read -> readHistory(query, read);
            case Step.Forget forget ->
                storage.report(slice(query, forget.range())).map(left -> forget(forget, left));
            case Step.Tally tally -> Mono.just(true);
        };
        return ready.doOnError(failure -> markStale())
                .publishOn(scheduler)
                .flatMap(merged -> merged ? Mono.fromSupplier(() -> answer(query, now)) : storage.report(query))
                .map(report -> report.withMeta(report.meta().withTookMs((System.nanoTime() - start) / 1e6)));
    }

    private synchronized void markStale() {
        historyStale = true;
        pendingCut = null;
    }

    private sealed interface Step {
        /** Too many rows to merge: the storage answers every time. */
        record Whole() implements Step {}

        /** (Re)read history {@code [from, cut)}; the first time also the stored events from the cut on. */
        record ReadHistory(Instant cut, boolean first) implements Step {}

        /** The rolling window moved on: subtract the slice it left. */
        record Forget(TimeRange range) implements Step {}

        /** Everything needed is in memory. */
        record Tally() implements Step {}
    }

    private synchronized Step next(ReportQuery query, Instant now) {
        if (tooWide) {
            return new Step.Whole();
        }
        TimeRange range = query.range();
        if (historyFrom == null
                || historyStale
                || !range.from().isBefore(cut)
                || range.from().isBefore(historyFrom)) {
            Instant target = clamp(now.minus(GRACE), range);
            boolean first = historyFrom == null;
            historyStale = false;
            pendingCut = cut == null || target.isAfter(cut) ? target : cut;
            return new Step.ReadHistory(pendingCut, first);
        }
        if (range.from().isAfter(historyFrom)) {
            return new Step.Forget(new TimeRange(historyFrom, range.from()));
        }
        return new Step.Tally();
    }

    private Mono<Boolean> readHistory(ReportQuery query, Step.ReadHistory read) {
        Instant cutAt = read.cut();
        @Nullable
        TimeRange past = cutAt.isAfter(query.range().from())
                ? new TimeRange(query.range().from(), cutAt)
                : null;
        int seriesLimit = past == null ? Integer.MAX_VALUE : seriesLimit(query, past);
        Mono<Report> stored = past != null
                ? storage.report(slice(query, past))
                : Mono.just(new Report(List.of(), List.of(), List.of(), QueryMeta.exactFromEvents()));
        Mono<List<Event>> caughtUp = read.first() ? storedFrom(query, cutAt) : Mono.just(List.of());
        return Mono.zip(stored, caughtUp).map(parts -> {
            synchronized (this) {
                pendingCut = null;
                if (tooWide(parts.getT1(), seriesLimit)) {
                    tooWide = true;
                    fresh.clear();
                    freshIds.clear();
                    ahead.clear();
                    return false;
                }
                moveFreshBefore(cutAt); // the read counts them
                tally = new AdditiveTally(TallyReport.members(shape));
                tally.add(parts.getT1(), 1);
                Set<UUID> waiting = new HashSet<>();
                ahead.forEach(event -> waiting.add(event.id()));
                for (Event event : fresh) {
                    if (!waiting.contains(event.id())) {
                        tally(event, 1);
                    }
                }
                historySource = parts.getT1().meta().source();
                historyFrom = query.range().from();
                cut = cutAt;
                for (Event event : parts.getT2()) {
                    addFresh(event, query.range().to());
                }
                return true;
            }
        });
    }

    /** Stored events from the cut on (few: the cut trails the clock by seconds), paged as the events API pages. */
    private Mono<List<Event>> storedFrom(ReportQuery query, Instant from) {
        Instant to = rolling ? null : query.range().to(); // a rolling window takes future-stamped events later
        List<Event> events = new ArrayList<>();
        if (to != null && !from.isBefore(to)) {
            return Mono.just(events);
        }
        return page(query, from, to, null, events).then(Mono.just(events));
    }

    private Mono<Void> page(
            ReportQuery query, Instant from, @Nullable Instant to, @Nullable EventCursor after, List<Event> into) {
        return storage.events(new EventPageQuery(query.project(), query.filters(), from, to, PAGE, after))
                .flatMap((EventPage page) -> {
                    into.addAll(page.events());
                    return page.hasNextPage() && !page.events().isEmpty()
                            ? page(query, from, to, EventCursor.of(page.events().getLast()), into)
                            : Mono.<Void>empty();
                });
    }

    private synchronized boolean forget(Step.Forget forget, Report left) {
        if (historyFrom == null
                || !forget.range().from().equals(historyFrom)
                || tooWide(left, seriesLimit(shape, forget.range()))) {
            historyStale = true;
            return false;
        }
        tally.add(left, -1);
        historyFrom = forget.range().to();
        return true;
    }

    /** History plus fresh events; fresh events that fell behind the new cut become history first. */
    private synchronized Report answer(ReportQuery query, Instant now) {
        while (!ahead.isEmpty()
                && ahead.peek().timestamp().isBefore(query.range().to())) {
            tally(ahead.poll(), 1);
        }
        Instant newCut = clamp(now.minus(GRACE), query.range());
        if (pendingCut == null && !historyStale && newCut.isAfter(cut)) {
            moveFreshBefore(newCut);
            cut = newCut;
        }
        return TallyReport.shape(query, tally, new QueryMeta(0, "live:" + historySource + "+memory", false));
    }

    private static Instant clamp(Instant instant, TimeRange range) {
        return instant.isBefore(range.from()) ? range.from() : instant.isAfter(range.to()) ? range.to() : instant;
    }

    /**
     * The same report over another range, with {@code events, revenue}, every row or series, and the member columns
     * (if any) as extra dimensions.
     */
    private static ReportQuery slice(ReportQuery query, TimeRange range) {
        List<Dimension> dimensions = new ArrayList<>(query.dimensions());
        TallyReport.members(query).forEach(column -> dimensions.add(new Dimension.Column(column)));
        return new ReportQuery(
                query.project(),
                List.of(BuiltInMetric.EVENTS, BuiltInMetric.REVENUE),
                dimensions,
                query.filters(),
                range,
                query.granularity(),
                query.zone(),
                List.of(new SortKey.ByMetric(0, true)),
                seriesLimit(query, range));
    }

    /** Series a slice may hold: per member, few enough that series times buckets stay within the row bound. */
    private static int seriesLimit(ReportQuery query, TimeRange range) {
        if (TallyReport.members(query).isEmpty()) {
            return MAX_ROWS;
        }
        int buckets = query.granularity() == null
                ? 1
                : BucketSeries.covering(range, query.granularity(), query.zone())
                        .size();
        return Math.max(1, MAX_MEMBER_ROWS / Math.max(1, buckets));
    }

    /** Whether the storage may have cut series off at the read limit. */
    private static boolean tooWide(Report slice, int seriesLimit) {
        return slice.rows().stream().map(row -> row.dimensions()).distinct().count() >= seriesLimit;
    }
}
