package io.eventlens.core.storage.contract;

import static io.eventlens.core.storage.contract.DimensionContract.dimensionValues;
import static io.eventlens.core.storage.contract.ReportRequestBuilder.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportRequest.Direction;
import io.eventlens.core.query.ReportRow;
import org.junit.jupiter.api.Test;

/** Row order (orderBy, then dimension values ascending with nulls last), limits, and totals over all rows. */
public interface OrderingContract extends StorageContract {

    @Test
    default void ordersByTheFirstMetricDescendingByDefault() {
        Report expected = fixture().assertReport(report("uniqueUsers", "events").by("country"));
        assertThat(expected.rows().stream().map(row -> row.values().getFirst()).toList())
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    default void ordersByAMetricAscending() {
        fixture().assertReport(report("events", "revenue").by("os").orderBy("revenue", Direction.ASC));
    }

    @Test
    default void ordersByADimensionAscendingWithNullsLast() {
        Report expected = fixture().assertReport(report("events").by("browser").orderBy("browser", Direction.ASC));
        assertThat(dimensionValues(expected, 0))
                .containsExactly("Chrome", "Edge", "Firefox", "Safari", "chromium", null);
    }

    @Test
    default void ordersByADimensionDescendingWithNullsStillLast() {
        Report expected = fixture().assertReport(report("events").by("browser").orderBy("browser", Direction.DESC));
        assertThat(dimensionValues(expected, 0))
                .containsExactly("chromium", "Safari", "Firefox", "Edge", "Chrome", null);
    }

    @Test
    default void ordersTextByUnicodeCodePoints() {
        Report expected = fixture()
                .assertReport(report("events").by("properties.plan").orderBy("properties.plan", Direction.ASC));
        // U+FF46 sorts before U+1F600 by code point, though its UTF-16 unit is above the surrogates.
        assertThat(dimensionValues(expected, 0))
                .containsExactly(
                        "Pro \"Max\"",
                        "enterprise",
                        "free",
                        "free'; DROP TABLE events; --",
                        "pro",
                        "ｆｕｌｌ width",
                        "😀 emoji",
                        null);
        fixture().assertReport(report("events").by("page").orderBy("page", Direction.DESC));
    }

    @Test
    default void breaksMetricTiesByDimensionValuesAscending() {
        Report expected = fixture().assertReport(report("events").by("userId").limit(60));
        long distinctCounts = expected.rows().stream()
                .map(row -> row.values().getFirst())
                .distinct()
                .count();
        assertThat(distinctCounts)
                .as("the top rows share counts, so ties must be broken")
                .isLessThan(30);
        fixture().assertReport(report("sessions").by("device", "country").limit(1000));
    }

    @Test
    default void ordersByTwoTerms() {
        fixture()
                .assertReport(report("events", "revenue")
                        .by("device", "country")
                        .orderBy("device", Direction.ASC)
                        .orderBy("revenue", Direction.DESC)
                        .limit(1000));
        fixture()
                .assertReport(report("events", "uniqueUsers")
                        .by("country", "type")
                        .orderBy("uniqueUsers", Direction.ASC)
                        .orderBy("type", Direction.DESC)
                        .limit(1000));
    }

    @Test
    default void limitsRows() {
        Report expected =
                fixture().assertReport(report("events", "revenue").by("userId").limit(7));
        assertThat(expected.rows()).hasSize(7);
        fixture()
                .assertReport(report("events", "revenue")
                        .by("userId")
                        .orderBy("revenue", Direction.ASC)
                        .limit(1));
    }

    @Test
    default void limitsRowsToTheDefaultWhenNoneIsGiven() {
        Report expected = fixture().assertReport(report("events").by("sessionId"));
        assertThat(expected.rows()).hasSize(100);
    }

    @Test
    default void totalsCountDistinctValuesOverTheWholeRangeNotSumsOfRows() {
        Report expected = fixture()
                .assertReport(report("uniqueUsers", "sessions", "events").by("country"));
        double summedUsers = expected.rows().stream()
                .mapToDouble(row -> row.values().getFirst())
                .sum();
        assertThat(expected.totals().getFirst()).isLessThan(summedUsers);
    }

    @Test
    default void totalsIgnoreTheLimit() {
        Report expected =
                fixture().assertReport(report("events", "revenue").by("userId").limit(3));
        assertThat(expected.totals().getFirst())
                .isEqualTo((double) fixture().dataset().events().size());
    }

    @Test
    default void totalsCoverEveryBucketAndSeries() {
        Report expected = fixture()
                .assertReport(report("uniqueUsers", "events")
                        .by("device")
                        .every(io.eventlens.core.query.Granularity.WEEK)
                        .limit(2));
        double summedEvents = expected.rows().stream()
                .map(ReportRow::values)
                .mapToDouble(v -> v.get(1))
                .sum();
        assertThat(expected.totals().get(1)).isGreaterThan(summedEvents);
    }
}
