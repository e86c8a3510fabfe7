package io.eventlens.core.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.EventColumn;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Rows an engine ranks itself come in the order SQL's {@code ORDER BY ... COLLATE "C" ... NULLS LAST} gives. */
class RowOrderTests {

    record Row(List<@Nullable String> dimensions, List<@Nullable Double> values) {}

    @Test
    void sortKeysThenDimensionsAscendingByCodePointWithNullsLastEitherWay() {
        // U+FF01 sorts before U+1F600 by code point (and in UTF-8 bytes), after it by UTF-16 units.
        String fullwidth = "\uFF01";
        String emoji = "\uD83D\uDE00";
        List<Row> rows = new ArrayList<>(List.of(
                row(emoji, 3.0), row(null, 5.0), row(fullwidth, 3.0), row("a", null), row("b", 5.0), row("a", 1.0)));
        ReportQuery query = query(new SortKey.ByMetric(0, true));
        rows.sort(RowOrder.of(query, Row::dimensions, Row::values));
        assertThat(rows)
                .containsExactly(
                        row("b", 5.0),
                        row(null, 5.0),
                        row(fullwidth, 3.0),
                        row(emoji, 3.0),
                        row("a", 1.0),
                        row("a", null));

        rows.sort(RowOrder.of(query(new SortKey.ByDimension(0, true)), Row::dimensions, Row::values));
        assertThat(rows.stream().map(r -> r.dimensions().getFirst()).toList())
                .containsExactly(emoji, fullwidth, "b", "a", "a", null);
    }

    private static Row row(@Nullable String dimension, @Nullable Double value) {
        return new Row(Arrays.asList(dimension), Arrays.asList(value));
    }

    private static ReportQuery query(SortKey key) {
        return new ReportQuery(
                new ProjectId("p"),
                List.of(BuiltInMetric.UNIQUE_USERS),
                List.of(new Dimension.Column(EventColumn.COUNTRY)),
                List.of(),
                new TimeRange(Instant.EPOCH, Instant.EPOCH.plusSeconds(60)),
                null,
                ZoneOffset.UTC,
                List.of(key),
                10);
    }
}
