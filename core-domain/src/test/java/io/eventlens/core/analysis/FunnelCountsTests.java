package io.eventlens.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.query.QueryMeta;
import io.eventlens.core.query.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Both engines hand their funnel rows to one assembly: the same rows make the same funnel on every engine. */
class FunnelCountsTests {

    private static final List<EventSelector> STEPS =
            List.of(new EventSelector("signup", List.of()), new EventSelector("purchase", List.of()));

    @Test
    void noOverallRowCountsZeroUsers() {
        Funnel funnel = FunnelCounts.assemble(query(null), null, List.of(), QueryMeta.exactFromEvents());

        assertThat(funnel.steps()).extracting(FunnelStep::users).containsExactly(0L, 0L);
        assertThat(funnel.steps())
                .extracting(FunnelStep::medianSecondsToConvert)
                .containsOnlyNulls();
        assertThat(funnel.breakdown()).isEmpty();
    }

    @Test
    void keepsGroupsWithUsersInTheOrderGiven() {
        FunnelCounts.Row all = row(null, 5, 2, 30.0);
        List<FunnelCounts.Row> groups = List.of(row("DE", 3, 2, 20.0), row("FR", 0, 0, null), row(null, 2, 0, null));

        Funnel funnel = FunnelCounts.assemble(
                query(new Dimension.Property("country")), all, groups, QueryMeta.exactFromEvents());

        assertThat(funnel.steps()).extracting(FunnelStep::users).containsExactly(5L, 2L);
        assertThat(funnel.steps().get(1).conversionFromFirst()).isEqualTo(2.0 / 5);
        assertThat(funnel.breakdown()).extracting(Funnel.Group::value).containsExactly("DE", null);
        assertThat(funnel.breakdown().getFirst().steps().get(1).medianSecondsToConvert())
                .isEqualTo(20.0);
    }

    @Test
    void withoutBreakdownGroupsAreIgnored() {
        Funnel funnel = FunnelCounts.assemble(
                query(null), row(null, 1, 1, 4.0), List.of(row("DE", 1, 1, 4.0)), QueryMeta.exactFromEvents());

        assertThat(funnel.breakdown()).isEmpty();
    }

    private static FunnelCounts.Row row(@Nullable String value, long first, long second, @Nullable Double median) {
        return new FunnelCounts.Row(value, new long[] {first, second}, new @Nullable Double[] {null, median});
    }

    private static FunnelQuery query(@Nullable Dimension breakdown) {
        return new FunnelQuery(
                new ProjectId("funnels"),
                STEPS,
                Duration.ofDays(1),
                breakdown,
                new TimeRange(Instant.parse("2026-05-01T00:00:00Z"), Instant.parse("2026-05-02T00:00:00Z")),
                10);
    }
}
