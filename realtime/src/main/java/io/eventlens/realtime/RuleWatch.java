package io.eventlens.realtime;

import io.eventlens.core.alert.AlertNotification;
import io.eventlens.core.alert.AlertRule;
import io.eventlens.core.alert.AlertState;
import io.eventlens.core.alert.AlertStore;
import io.eventlens.core.alert.SeriesState;
import io.eventlens.core.alert.SeriesTransitions;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Evaluates one rule: rides the live report of its shape (rules of the same shape share one, whatever their
 * thresholds), and moves each series through {@link SeriesTransitions} on every new answer and on every clock tick
 * (a {@code for} runs out without new events). Each move is stored before it counts: a move another evaluator made
 * first is not repeated, the states are read again instead.
 */
final class RuleWatch {

    private static final Logger log = LoggerFactory.getLogger(RuleWatch.class);

    /** A move of one series, computed from the stored state it starts at. */
    private record Move(
            SeriesState from,
            SeriesTransitions.Next next,
            @Nullable Double value) {}

    private final AlertRule rule;
    private final AlertStore store;
    private final AlertEvents events;
    private final Runnable notified;
    private final JsonMapper json;
    private final Clock clock;
    private final Disposable.Composite subscriptions = Disposables.composite();
    private final Map<String, SeriesState> states = new HashMap<>();

    /**
     * The metric per series over {@code k} windows ending now, at index {@code k - 1}: the current window first, then
     * (change and anomaly conditions) longer spans, whose differences are the windows before it. Null until answered.
     */
    private final List<@Nullable Map<String, @Nullable Double>> spans = new ArrayList<>();

    private boolean loaded;
    private boolean loading;
    private boolean busy;
    private boolean again;
    private boolean stopped;

    RuleWatch(AlertRule rule, AlertStore store, AlertEvents events, Runnable notified, JsonMapper json, Clock clock) {
        this.rule = rule;
        this.store = store;
        this.events = events;
        this.notified = notified;
        this.json = json;
        this.clock = clock;
    }

    AlertRule rule() {
        return rule;
    }

    /** Reads the stored states, then follows the live report(s) of the rule's shape. */
    void start(LiveReports reports, Duration refresh) {
        int count = 1 + rule.condition().windowsBefore();
        synchronized (this) {
            for (int k = 1; k <= count; k++) {
                spans.add(null);
            }
        }
        load();
        int refreshMs = (int) refresh.toMillis();
        try {
            for (int k = 1; k <= count; k++) {
                // Spans of whole windows ending now share their live reports with other rules of the same shape.
                String last =
                        k == 1 ? rule.last() : rule.window().multipliedBy(k).toMinutes() + "m";
                int index = k - 1;
                subscriptions.add(reports.subscribe(rule.project(), input(last), refreshMs)
                        .subscribe(report -> answer(report, index), this::failed));
            }
        } catch (RuntimeException e) {
            // Validated when defined; a rule the live reports refuse now (say, an older definition) waits unevaluated.
            log.warn("Alert rule {} of project {} cannot be evaluated: {}", rule.id(), rule.project(), e.getMessage());
        }
    }

    void stop() {
        synchronized (this) {
            stopped = true;
        }
        subscriptions.dispose();
    }

    /** The clock moved: a {@code for} or {@code resolveAfter} may have run out. */
    void tick() {
        boolean reload;
        synchronized (this) {
            reload = !loaded && !loading && !stopped;
        }
        if (reload) {
            load();
        } else {
            evaluate();
        }
    }

    private LiveReportInput input(String last) {
        List<LiveFilterInput> filters = rule.filters().stream()
                .map(filter -> new LiveFilterInput(filter.dimension(), filter.op(), filter.values()))
                .toList();
        return new LiveReportInput(
                List.of(rule.metric()),
                rule.breakdown() == null ? null : List.of(rule.breakdown()),
                filters.isEmpty() ? null : filters,
                null,
                null,
                last,
                null,
                null,
                null,
                rule.maxSeries());
    }

    private void load() {
        synchronized (this) {
            loading = true;
        }
        store.states(rule.project(), rule.id())
                .collectList()
                .subscribe(
                        stored -> {
                            synchronized (this) {
                                states.clear();
                                stored.forEach(state -> states.put(state.series(), state));
                                loaded = true;
                                loading = false;
                            }
                            evaluate();
                        },
                        failure -> {
                            log.warn("Could not read the states of alert rule {}; retrying", rule.id(), failure);
                            synchronized (this) {
                                loading = false;
                            }
                        });
    }

    private void answer(Report report, int span) {
        Map<String, @Nullable Double> values = new HashMap<>();
        for (ReportRow row : report.rows()) {
            String series = rule.breakdown() == null
                            || row.dimensions().isEmpty()
                            || row.dimensions().getFirst() == null
                    ? ""
                    : row.dimensions().getFirst();
            values.put(series, row.values().getFirst());
        }
        synchronized (this) {
            spans.set(span, values);
        }
        evaluate();
    }

    private void failed(Throwable failure) {
        log.warn("The live report of alert rule {} failed", rule.id(), failure);
    }

    /** Computes the moves due now and stores them one by one; one evaluation at a time, a request meanwhile reruns. */
    private void evaluate() {
        List<Move> moves;
        synchronized (this) {
            if (stopped || !loaded || spans.contains(null)) {
                return;
            }
            if (busy) {
                again = true;
                return;
            }
            moves = moves(clock.instant());
            if (moves.isEmpty()) {
                return;
            }
            busy = true;
        }
        Flux.fromIterable(moves)
                .concatMap(this::store)
                .then()
                .doFinally(signal -> {
                    boolean rerun;
                    synchronized (this) {
                        busy = false;
                        rerun = again;
                        again = false;
                    }
                    if (rerun) {
                        evaluate();
                    }
                })
                .subscribe(
                        null,
                        failure -> log.warn(
                                "Could not store a state of alert rule {}; retrying on the next " + "tick",
                                rule.id(),
                                failure));
    }

    private List<Move> moves(Instant now) {
        Map<String, @Nullable Double> current = Objects.requireNonNull(spans.getFirst());
        Set<String> series = new LinkedHashSet<>(current.keySet());
        states.forEach((key, state) -> {
            if (state.state() != AlertState.OK) {
                series.add(key); // gone from the report: no value, so it resolves or stops pending
            }
        });
        List<Move> moves = new ArrayList<>();
        for (String key : series) {
            @Nullable Double value = current.get(key);
            SeriesState from = states.getOrDefault(key, SeriesState.initial(rule.id(), key));
            SeriesTransitions.Next next = SeriesTransitions.next(rule, from, value, before(key), now);
            if (next != null) {
                moves.add(new Move(from, next, value));
            }
        }
        return moves;
    }

    /**
     * The series' metric over each window before the current one, nearest first: the span of {@code i + 1} windows
     * minus the span of {@code i} (additive metrics only, as validated); unknown where either span has no value.
     */
    private List<@Nullable Double> before(String key) {
        List<@Nullable Double> windows = new ArrayList<>();
        for (int i = 1; i < spans.size(); i++) {
            Double longer = Objects.requireNonNull(spans.get(i)).get(key);
            Double shorter = Objects.requireNonNull(spans.get(i - 1)).get(key);
            windows.add(longer == null || shorter == null ? null : longer - shorter);
        }
        return windows;
    }

    private Mono<Void> store(Move move) {
        SeriesState to = move.next().state();
        AlertNotification.Kind kind = move.next().notification();
        AlertPayload payload = kind == null
                ? null
                : AlertPayload.of(UUID.randomUUID(), kind, rule, to.series(), move.value(), to.incident(), to.since());
        AlertNotification notification = payload == null || kind == null
                ? null
                : new AlertNotification(
                        UUID.fromString(payload.id()),
                        rule.project(),
                        rule.id(),
                        to.series(),
                        kind,
                        to.incident(),
                        move.value(),
                        to.since(),
                        json.writeValueAsString(payload),
                        AlertNotification.Delivery.fresh(rule.webhook() != null));
        return store.transition(rule.project(), move.from(), to, notification)
                .doOnNext(applied -> {
                    if (!applied) {
                        // Another evaluator moved it first (or the rule was redefined): read what it stored.
                        synchronized (this) {
                            loaded = false;
                        }
                        return;
                    }
                    synchronized (this) {
                        states.put(to.series(), to);
                    }
                    if (payload != null) {
                        log.info(
                                "Alert {} ({}) {} for series '{}' at {}",
                                rule.name(),
                                rule.id(),
                                kind,
                                to.series(),
                                move.value());
                        events.publish(payload);
                        notified.run();
                    }
                })
                .then();
    }
}
