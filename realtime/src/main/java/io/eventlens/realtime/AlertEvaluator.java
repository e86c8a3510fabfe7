package io.eventlens.realtime;

import io.eventlens.core.ProjectId;
import io.eventlens.core.alert.AlertRule;
import io.eventlens.core.alert.AlertStore;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Evaluates every active alert rule while this instance leads: rereads the rules every
 * {@code eventlens.alerts.rules-refresh} and keeps one {@link RuleWatch} per rule (a changed rule gets a new one),
 * and ticks each watch once a second. An instance that stops leading drops its watches; the next leader starts
 * from the stored states.
 */
final class AlertEvaluator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);

    private record Key(ProjectId project, String id) {}

    private final AlertStore store;
    private final LiveReports reports;
    private final AlertLeadership leadership;
    private final AlertEvents events;
    private final Runnable notified;
    private final JsonMapper json;
    private final Clock clock;
    private final Scheduler scheduler;
    private final AlertProperties properties;
    private final Map<Key, RuleWatch> watches = new HashMap<>();
    private final AtomicBoolean reading = new AtomicBoolean();
    private final Disposable.Composite timers = Disposables.composite();

    AlertEvaluator(
            AlertStore store,
            LiveReports reports,
            AlertLeadership leadership,
            AlertEvents events,
            Runnable notified,
            JsonMapper json,
            Clock clock,
            Scheduler scheduler,
            AlertProperties properties) {
        this.store = store;
        this.reports = reports;
        this.leadership = leadership;
        this.events = events;
        this.notified = notified;
        this.json = json;
        this.clock = clock;
        this.scheduler = scheduler;
        this.properties = properties;
    }

    void start() {
        long refresh = properties.rulesRefresh().toMillis();
        timers.add(scheduler.schedulePeriodically(this::reconcile, 0, refresh, TimeUnit.MILLISECONDS));
        timers.add(scheduler.schedulePeriodically(this::tick, 1000, 1000, TimeUnit.MILLISECONDS));
    }

    /** Rules watched right now. */
    synchronized int watched() {
        return watches.size();
    }

    private void reconcile() {
        if (!leadership.leading()) {
            stopAll();
            return;
        }
        if (!reading.compareAndSet(false, true)) {
            return;
        }
        store.active()
                .collectList()
                .doFinally(signal -> reading.set(false))
                .subscribe(
                        this::watch,
                        failure -> log.warn("Could not read the alert rules; retrying ({})", failure.getMessage()));
    }

    private synchronized void watch(List<AlertRule> rules) {
        if (!leadership.leading()) {
            return;
        }
        Set<Key> seen = new HashSet<>();
        for (AlertRule rule : rules) {
            Key key = new Key(rule.project(), rule.id());
            seen.add(key);
            RuleWatch existing = watches.get(key);
            if (existing != null && existing.rule().equals(rule)) {
                continue;
            }
            if (existing != null) {
                existing.stop();
            }
            RuleWatch watch = new RuleWatch(rule, store, events, notified, json, clock);
            watches.put(key, watch);
            watch.start(reports, properties.refresh());
        }
        watches.entrySet().removeIf(entry -> {
            if (seen.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().stop();
            return true;
        });
    }

    private void tick() {
        if (!leadership.leading()) {
            return;
        }
        List<RuleWatch> current;
        synchronized (this) {
            current = List.copyOf(watches.values());
        }
        current.forEach(RuleWatch::tick);
    }

    private synchronized void stopAll() {
        watches.values().forEach(RuleWatch::stop);
        watches.clear();
    }

    @Override
    public void close() {
        timers.dispose();
        stopAll();
        // The lease stops renewing with the evaluator, before the Redis client it renews through shuts down.
        leadership.close();
    }
}
