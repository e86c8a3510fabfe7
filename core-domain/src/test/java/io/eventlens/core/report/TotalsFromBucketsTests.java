package io.eventlens.core.report;

import static io.eventlens.core.storage.contract.ReportRequestBuilder.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.QueryLimits;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.ReportRequestResolver;
import io.eventlens.core.query.ReportRow;
import io.eventlens.core.storage.contract.ReportRequestBuilder;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Which reports' totals are the sum of their bucket rows, and that the sum is the exact decimal one. */
class TotalsFromBucketsTests {

    private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-02T00:00:00Z");

    @Test
    void onlyBucketsWithoutDimensionsOfMetricsThatAddUp() {
        assertThat(TotalsFromBuckets.apply(query(report("events", "revenue").every(Granularity.HOUR))))
                .isTrue();
        assertThat(TotalsFromBuckets.apply(query(report("events", "revenue"))))
                .as("no buckets")
                .isFalse();
        assertThat(TotalsFromBuckets.apply(query(report("events").by("country").every(Granularity.HOUR))))
                .as("dimensions: a limit may cut groups off")
                .isFalse();
        assertThat(TotalsFromBuckets.apply(query(report("events", "uniqueUsers").every(Granularity.HOUR))))
                .as("distinct counts do not add up")
                .isFalse();
        assertThat(TotalsFromBuckets.apply(query(report("bounceRate").every(Granularity.HOUR))))
                .isFalse();
    }

    @Test
    void revenueAddsUpAsDecimals() {
        ReportQuery query = query(report("events", "revenue").every(Granularity.HOUR));
        Random random = new Random(5);
        List<ReportRow> rows = new ArrayList<>();
        long events = 0;
        BigDecimal revenue = BigDecimal.ZERO;
        double naive = 0;
        for (int hour = 0; hour < 24; hour++) {
            long count = random.nextInt(1_000);
            // Cents, as a bucket's exact decimal sum arrives: the nearest double. These add up to 297.96, which
            // doubles added one by one miss.
            BigDecimal cents = BigDecimal.valueOf(hour * 10L + 1)
                    .multiply(new BigDecimal("0.107"))
                    .setScale(2, java.math.RoundingMode.HALF_UP);
            events += count;
            revenue = revenue.add(cents);
            naive += cents.doubleValue();
            rows.add(new ReportRow(
                    OffsetDateTime.ofInstant(FROM.plusSeconds(hour * 3600L), ZoneOffset.UTC),
                    List.of(),
                    List.<@Nullable Double>of((double) count, cents.doubleValue())));
        }

        List<@Nullable Double> totals = TotalsFromBuckets.of(query, rows);

        assertThat(totals).containsExactly((double) events, revenue.doubleValue());
        assertThat(naive).as("what adding doubles would have given").isNotEqualTo(revenue.doubleValue());
    }

    private static ReportQuery query(ReportRequestBuilder request) {
        return new ReportRequestResolver(QueryLimits.defaults())
                .resolve(new ProjectId("p"), request.between(FROM, TO).build(), Catalog.builtIn());
    }
}
