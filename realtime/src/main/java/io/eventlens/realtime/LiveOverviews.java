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

    private final SharedComputations<ProjectId, Overview> shared;

    LiveOverviews(EventStorage storage, LiveFeed feed, Clock clock, Duration refresh, Scheduler scheduler) {
        this.shared = new SharedComputations<>(project -> {
            LiveComputation<Overview> computation = new LiveComputation<>("overviewLive " + project,
                    () -> storage.overview(new OverviewQuery(project, null, null, clock.instant())),
                    Overview::equals, batch -> batch.project().equals(project), refresh, CLOCK_TICK, scheduler);
            computation.start(feed.batches());
            return computation;
        });
    }

    Flux<Overview> subscribe(ProjectId project) {
        return shared.subscribe(project);
    }

    void stopAll() {
        shared.stopAll();
    }
}
