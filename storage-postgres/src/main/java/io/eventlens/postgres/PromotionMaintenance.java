package io.eventlens.postgres;

import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps promoted properties moving in the background: every period it reloads which columns reports may read (other
 * instances may have promoted or demoted), backfills for a bounded time, and drops columns demoted more than
 * {@link #DEMOTE_GRACE} ago: by then every instance reads the JSON again (it reloads every period).
 */
final class PromotionMaintenance implements AutoCloseable {

    private static final Log log = LogFactory.getLog(PromotionMaintenance.class);

    /** Backfill time per tick: each chunk is one short transaction, so ingest and reads keep most of the time. */
    static final Duration BACKFILL_PER_TICK = Duration.ofMillis(500);

    static final Duration DEMOTE_GRACE = Duration.ofSeconds(10);

    private final PostgresPromotions promotions;
    private final Duration period;
    private Disposable running = () -> {};

    PromotionMaintenance(PostgresPromotions promotions, Duration period) {
        this.promotions = promotions;
        this.period = period;
    }

    void start() {
        running = Flux.interval(period)
                .onBackpressureDrop()
                .concatMap(
                        tick -> promotions
                                .maintain(BACKFILL_PER_TICK, DEMOTE_GRACE)
                                .onErrorResume(error -> {
                                    // Every step is its own transaction and resumes from its cursor next tick.
                                    log.warn("Promoted property upkeep failed, retrying in " + period + ": " + error);
                                    return Mono.empty();
                                }),
                        1)
                .subscribe();
    }

    @Override
    public void close() {
        running.dispose();
    }
}
