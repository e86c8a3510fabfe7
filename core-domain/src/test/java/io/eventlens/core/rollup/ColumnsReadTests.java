package io.eventlens.core.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.catalog.Metric;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.query.Filter;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.SortKey;
import io.eventlens.core.query.TimeRange;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnsReadTests {

    private static final TimeRange WEEK =
            new TimeRange(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-08T00:00:00Z"));

    @Test
    void countsAndRevenueByTypeReadOnlyTheType() {
        assertThat(ColumnsRead.by(query(
                        List.of(BuiltInMetric.EVENTS, BuiltInMetric.REVENUE),
                        List.of(new Dimension.Column(EventColumn.TYPE)),
                        List.of())))
                .containsExactly(EventColumn.TYPE);
    }

    @Test
    void filtersAndDistinctCountsAddTheirColumns() {
        assertThat(ColumnsRead.by(query(
                        List.of(BuiltInMetric.UNIQUE_USERS, BuiltInMetric.SESSIONS),
                        List.of(new Dimension.Column(EventColumn.COUNTRY)),
                        List.of(new Filter(new Dimension.Column(EventColumn.DEVICE), FilterOp.EQ, List.of("mobile"))))))
                .containsExactlyInAnyOrder(
                        EventColumn.COUNTRY, EventColumn.DEVICE, EventColumn.USER_ID, EventColumn.SESSION_ID);
    }

    @Test
    void aPropertyDimensionReadsEveryColumn() {
        assertThat(ColumnsRead.by(
                        query(List.of(BuiltInMetric.EVENTS), List.of(new Dimension.Property("plan")), List.of())))
                .isEqualTo(EnumSet.allOf(EventColumn.class));
    }

    private static ReportQuery query(List<Metric> metrics, List<Dimension> dimensions, List<Filter> filters) {
        return new ReportQuery(
                ProjectId.DEFAULT,
                metrics,
                dimensions,
                filters,
                WEEK,
                null,
                ZoneOffset.UTC,
                List.of(new SortKey.ByMetric(0, true)),
                10);
    }
}
