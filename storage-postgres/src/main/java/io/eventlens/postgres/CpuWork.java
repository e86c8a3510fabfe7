package io.eventlens.postgres;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where the engine's CPU-heavy steps run: a seal's aggregation of the fresh events, the compaction's merges of member
 * sets and sketches, the binary COPY of a write's events and its late events' rollup cells. Without a hop they ran on
 * the thread that delivered the previous statement's result, one of the driver's few event loops, and every other
 * connection on that loop waited: at 10,000 events/s a seal aggregates ~10,000 events for seven rollups (50–100 ms,
 * JFR), and the acknowledgements whose connections shared its loop waited with it (docs/benchmarks.md, 2026-12-07).
 * As many threads as cores: the work is CPU only, more threads would only take turns.
 */
final class CpuWork {

    static final Scheduler SCHEDULER = Schedulers.newParallel(
            "eventlens-postgres-work", Runtime.getRuntime().availableProcessors(), true);

    private CpuWork() {}
}
