package io.eventlens.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.query.EventCursor;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.SortKey;
import io.eventlens.core.query.TimeRange;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The shared SQL text: values only ever as placeholders, in the order the statement reads them. */
class SharedSqlTests {

    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-01-02T00:00:00Z");

    /** Numbered placeholders, remembering each value bound. */
    private static final class Binder implements SqlBinder {
        final List<Object> values = new ArrayList<>();

        @Override
        public String text(String value) {
            values.add(value);
            return "$" + values.size();
        }

        @Override
        public String timestamp(Instant value) {
            values.add(value);
            return "$" + values.size();
        }
    }

    @Test
    void aRangeIsHalfOpenAndBindsItsValues() {
        Binder p = new Binder();

        assertThat(EventSql.inRange(new ProjectId("shop"), new TimeRange(FROM, TO), p))
                .isEqualTo("e.project_id = $1 AND e.ts >= $2 AND e.ts < $3");
        assertThat(p.values).containsExactly("shop", FROM, TO);
    }

    @Test
    void aPageStartsAfterItsCursorInKeysetOrder() {
        Binder p = new Binder();
        UUID id = new UUID(1, 2);
        EventPageQuery query =
                new EventPageQuery(new ProjectId("shop"), List.of(), FROM, null, 50, new EventCursor(TO, id));

        String where = EventSql.pageConditions(query, p, "e.id", value -> p.text(value.toString()) + "::uuid");

        assertThat(where).isEqualTo("e.project_id = $1 AND e.ts >= $2 AND (e.ts, e.id) < ($3, $4::uuid)");
        assertThat(p.values).containsExactly("shop", FROM, TO, id.toString());
        assertThat(EventSql.pageOrder("e.id")).isEqualTo("e.ts DESC, e.id DESC");
    }

    @Test
    void rowsOrderAsAskedThenByEveryDimensionWithTheEnginesCodePointCollation() {
        ReportQuery query = new ReportQuery(
                ProjectId.DEFAULT,
                List.of(BuiltInMetric.EVENTS, BuiltInMetric.UNIQUE_USERS),
                List.of(new Dimension.Column(EventColumn.COUNTRY), new Dimension.Column(EventColumn.DEVICE)),
                List.of(),
                new TimeRange(FROM, TO),
                null,
                ZoneOffset.UTC,
                List.of(new SortKey.ByMetric(1, true), new SortKey.ByDimension(1, false)),
                10);

        assertThat(ReportSql.dimensionAliases(query)).containsExactly("d0", "d1");
        assertThat(ReportSql.metricAliases(query)).containsExactly("m0", "m1");
        assertThat(ReportSql.ordering(query, ""))
                .isEqualTo("m1 DESC NULLS LAST, d1 ASC NULLS LAST, d0 ASC NULLS LAST, d1 ASC NULLS LAST");
        assertThat(ReportSql.ordering(query, "COLLATE \"C\""))
                .isEqualTo("m1 DESC NULLS LAST, d1 COLLATE \"C\" ASC NULLS LAST, d0 COLLATE \"C\" ASC NULLS LAST,"
                        + " d1 COLLATE \"C\" ASC NULLS LAST");
    }

    @Test
    void aSessionWindowPartitionsTheGroupBySession() {
        assertThat(SessionSql.window(List.of("d0", "bucket")))
                .isEqualTo(" WINDOW w AS (PARTITION BY d0, bucket, e.session_id)");
        assertThat(EventSql.column(EventColumn.USER_ID)).isEqualTo("e.user_id");
    }
}
