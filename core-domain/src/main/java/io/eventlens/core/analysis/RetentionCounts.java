package io.eventlens.core.analysis;

import io.eventlens.core.query.BucketSeries;
import io.eventlens.core.query.QueryMeta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The rows an engine's retention statement answers, and the {@link Retention} they make: cohort sizes and distinct
 * returning users per cohort and period, with cohorts as 1-based indexes into the bucket starts Java computed (as
 * reports do, so no database's time zone data can disagree with the cohorts listed). Every engine assembles the same
 * way; each keeps only its SQL.
 */
public final class RetentionCounts {

    /** The period a cohort-size row carries, below every real period. */
    public static final int SIZE_ROW = -1;

    /** Users of one cohort ({@link #SIZE_ROW}) or returning in one of its periods; cohorts count from 1. */
    public record Count(int cohort, int period, long users) {}

    private RetentionCounts() {}

    /**
     * Answers the analysis from an engine's counts: the bucket starts are computed here, handed to the engine's
     * statement, and its counts assembled, with the time taken.
     */
    public static Mono<Retention> answer(RetentionQuery query, Function<List<Instant>, Flux<Count>> counts) {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            List<Instant> starts = BucketSeries.covering(query.range(), query.granularity(), query.zone());
            return counts.apply(starts)
                    .collectList()
                    .map(found -> assemble(
                            query,
                            starts,
                            found,
                            QueryMeta.exactFromEvents().withTookMs((System.nanoTime() - started) / 1e6)));
        });
    }

    public static Retention assemble(RetentionQuery query, List<Instant> starts, List<Count> counts, QueryMeta meta) {
        Map<Integer, Long> sizes = new HashMap<>();
        Map<List<Integer>, Long> returned = new HashMap<>();
        for (Count count : counts) {
            if (count.period() == SIZE_ROW) {
                sizes.put(count.cohort(), count.users());
            } else {
                returned.put(List.of(count.cohort(), count.period()), count.users());
            }
        }
        List<Retention.Cohort> cohorts = new ArrayList<>();
        for (int index = 1; index <= starts.size(); index++) {
            long users = sizes.getOrDefault(index, 0L);
            List<Retention.Period> periods = new ArrayList<>();
            // Only periods whose bucket overlaps the range: later cohorts have fewer.
            for (int period = 0; period <= query.periods() && index + period <= starts.size(); period++) {
                periods.add(Retention.Period.of(period, returned.getOrDefault(List.of(index, period), 0L), users));
            }
            cohorts.add(new Retention.Cohort(
                    starts.get(index - 1).atZone(query.zone()).toOffsetDateTime(), users, periods));
        }
        return new Retention(query.granularity(), cohorts, meta);
    }
}
