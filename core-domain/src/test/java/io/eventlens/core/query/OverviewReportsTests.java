package io.eventlens.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.BuiltInMetric;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How an overview becomes two reports and comes back from their totals; the engines' side is the contract's. */
class OverviewReportsTests {

    private static final ProjectId PROJECT = new ProjectId("overview-reports");
    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final Instant FROM = Instant.parse("2026-10-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void theHeadlineIsOneRowOfTheFourMetricsOverTheRange() {
        ReportQuery headline = OverviewReports.headline(new OverviewQuery(PROJECT, FROM, TO, NOW));

        assertThat(headline.project()).isEqualTo(PROJECT);
        assertThat(headline.metrics())
                .containsExactly(
                        BuiltInMetric.EVENTS,
                        BuiltInMetric.UNIQUE_USERS,
                        BuiltInMetric.SESSIONS,
                        BuiltInMetric.REVENUE);
        assertThat(headline.dimensions()).isEmpty();
        assertThat(headline.filters()).isEmpty();
        assertThat(headline.granularity()).isNull();
        assertThat(headline.range()).isEqualTo(new TimeRange(FROM, TO));
        assertThat(headline.zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(headline.compare()).isNull();
        assertThat(headline.includeOthers()).isFalse();
        assertThat(headline.sources()).isEqualTo(ReportQuery.Sources.ANY);
        // Ranked by events: a report ranked by a distinct count never uses sketches.
        assertThat(headline.orderBy()).containsExactly(new SortKey.ByMetric(0, true));
    }

    @Test
    void anApproximateOverviewAllowsSketchesForTheHeadlineOnly() {
        OverviewQuery query = new OverviewQuery(PROJECT, FROM, TO, NOW, true);

        assertThat(OverviewReports.headline(query).sources()).isEqualTo(ReportQuery.Sources.APPROXIMATE);
        assertThat(OverviewReports.lastHour(query).sources()).isEqualTo(ReportQuery.Sources.ANY);
    }

    @Test
    void theLastHourIsTheHourBeforeNowWhateverTheRange() {
        ReportQuery lastHour = OverviewReports.lastHour(new OverviewQuery(PROJECT, FROM, TO, NOW));

        assertThat(lastHour.metrics()).containsExactly(BuiltInMetric.EVENTS);
        assertThat(lastHour.dimensions()).isEmpty();
        assertThat(lastHour.range()).isEqualTo(new TimeRange(Instant.parse("2026-11-20T11:00:00Z"), NOW));
    }

    @Test
    void theLastHourEndsAtTheNextWholeSecondSoOverviewsOfOneSecondAskTheSameReport() {
        Instant now = NOW.plusMillis(250);
        ReportQuery lastHour = OverviewReports.lastHour(new OverviewQuery(PROJECT, FROM, TO, now));

        assertThat(lastHour.range())
                .isEqualTo(new TimeRange(Instant.parse("2026-11-20T11:00:01Z"), NOW.plusSeconds(1)));
        assertThat(lastHour.range().to())
                .as("an event stamped now still counts")
                .isAfter(now);
        assertThat(OverviewReports.lastHour(new OverviewQuery(PROJECT, FROM, TO, NOW.plusMillis(999))))
                .isEqualTo(lastHour);
    }

    @Test
    void openSidesReachTheWideBounds() {
        Instant earliest = Instant.parse("1900-01-01T00:00:00Z");
        Instant latest = Instant.parse("2200-01-01T00:00:00Z");

        assertThat(range(null, null)).isEqualTo(new TimeRange(earliest, latest));
        assertThat(range(FROM, null)).isEqualTo(new TimeRange(FROM, latest));
        assertThat(range(null, TO)).isEqualTo(new TimeRange(earliest, TO));
    }

    @Test
    void aBoundBeyondTheWideOnesStillGivesARange() {
        Instant farFuture = Instant.parse("2500-01-01T00:00:00Z");
        Instant farPast = Instant.parse("1800-01-01T00:00:00Z");

        assertThat(range(farFuture, null))
                .isEqualTo(new TimeRange(farFuture, Instant.parse("2500-01-01T00:00:00.000001Z")));
        assertThat(range(null, farPast))
                .isEqualTo(new TimeRange(Instant.parse("1799-12-31T23:59:59.999999Z"), farPast));
        assertThat(range(null, Instant.parse("1900-01-01T00:00:00Z")))
                .isEqualTo(new TimeRange(
                        Instant.parse("1899-12-31T23:59:59.999999Z"), Instant.parse("1900-01-01T00:00:00Z")));
    }

    @Test
    void anOverviewOfAnUnorderedRangeIsRefused() {
        assertThatThrownBy(() -> new OverviewQuery(PROJECT, TO, FROM, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from must be before to");
        assertThatThrownBy(() -> new OverviewQuery(PROJECT, FROM, FROM, NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theOverviewIsTheReportsTotalsAndSaysWhetherSketchesAnswered() {
        Report headline = new Report(
                List.of("events", "uniqueUsers", "sessions", "revenue"),
                List.of(),
                List.of(1234.0, 310.6, 402.0, 99.75),
                new QueryMeta(3, "rollup:type_1d+events", true));
        Report lastHour = new Report(List.of("events"), List.of(), List.of(17.0), new QueryMeta(1, "events", false));

        assertThat(OverviewReports.overview(headline, lastHour))
                .isEqualTo(new Overview(1234, 311, 402, 99.75, 17, true));
        assertThat(OverviewReports.overview(headline.withMeta(new QueryMeta(3, "events", false)), lastHour)
                        .approximate())
                .isFalse();
    }

    private static TimeRange range(Instant from, Instant to) {
        return OverviewReports.headline(new OverviewQuery(PROJECT, from, to, NOW))
                .range();
    }
}
