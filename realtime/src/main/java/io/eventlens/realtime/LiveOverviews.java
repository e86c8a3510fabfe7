package io.eventlens.realtime;

import io.eventlens.core.ProjectId;
import io.eventlens.core.query.Overview;
import io.eventlens.core.query.OverviewQuery;
import io.eventlens.core.storage.EventStorage;
import java.time.Clock;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

/**
 * The live headline numbers of each project (all time, plus the sliding last hour): one shared computation per
 * project, recomputed on every committed batch of that project at most once per refresh, and on a slow clock tick
 * because the last hour moves on even without new events.
 */
final class LiveOverviews {

    static final Duration CLOCK_TICK = Duration.ofSeconds(10);

    /** What equal subscriptions share: exact and approximate overviews are different answers. */
    private record Key(ProjectId project, boolean approximate) {}

    private final SharedComputations<Key, Overview> shared;

    LiveOverviews(
            EventStorage storage,
            LiveFeed feed,
            Clock clock,
            Duration refresh,
            Scheduler scheduler,
            LiveMeters meters,
            LiveSpans spans) {
        this.shared = new SharedComputations<>(key -> {
            LiveComputation<Overview> computation = new LiveComputation<>(
                    "overviewLive " + key,
                    () -> storage.overview(
                            new OverviewQuery(key.project(), null, null, clock.instant(), key.approximate())),
                    Overview::equals,
                    batch -> batch.project().equals(key.project()),
                    refresh,
                    CLOCK_TICK,
                    scheduler,
                    meters,
                    spans);
            computation.start(feed.batches());
            return computation;
        });
    }

    Flux<Overview> subscribe(ProjectId project, boolean approximate) {
        return shared.subscribe(new Key(project, approximate));
    }

    void stopAll() {
        shared.stopAll();
    }
}
