package io.eventlens.core.analysis;

import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.QueryMeta;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

/** A retention analysis' answer: the cohort matrix, with the semantics of {@link RetentionQuery}. */
public record Retention(Granularity granularity, List<Cohort> cohorts, QueryMeta meta) {

    public Retention {
        Objects.requireNonNull(granularity, "granularity");
        cohorts = List.copyOf(cohorts);
        Objects.requireNonNull(meta, "meta");
    }

    public Retention withMeta(QueryMeta value) {
        return new Retention(granularity, cohorts, value);
    }

    /**
     * The users whose first start fell in one bucket, and how many of them returned in each period after.
     *
     * @param start the bucket's start in the query's time zone (its offset at that instant)
     * @param users users in the cohort
     * @param periods period 0, 1, ... as far as the range reaches
     */
    public record Cohort(OffsetDateTime start, long users, List<Period> periods) {

        public Cohort {
            Objects.requireNonNull(start, "start");
            periods = List.copyOf(periods);
        }
    }

    /**
     * Returning users of one cohort in one period.
     *
     * @param period buckets after the cohort's own, from 0
     * @param users users who returned in it
     * @param percentage {@code 100 * users / cohort users}; 0 for an empty cohort
     */
    public record Period(int period, long users, double percentage) {

        public static Period of(int period, long users, long cohortUsers) {
            return new Period(period, users, cohortUsers == 0 ? 0 : 100.0 * users / cohortUsers);
        }
    }
}
