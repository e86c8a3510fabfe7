package io.eventlens.core.storage.contract;

import static io.eventlens.core.storage.contract.ReportRequestBuilder.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.catalog.CustomDimension;
import io.eventlens.core.catalog.CustomMetric;
import io.eventlens.core.event.Event;
import io.eventlens.core.expression.ExpressionLimits;
import io.eventlens.core.expression.ExpressionResolver;
import io.eventlens.core.expression.MetricDefinitions;
import io.eventlens.core.expression.ResolvedDimension;
import io.eventlens.core.expression.ResolvedMetric;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.Report;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Custom metrics and dimensions written in the expression language: the engine's answer must equal the
 * {@link ExpressionOracle}'s evaluation of the same trees over the dataset's events.
 */
public interface CustomMetricContract extends StorageContract {

    /** Metric definitions in dependency order; later ones use earlier ones. */
    Map<String, String> METRICS = metrics();

    Map<String, String> DIMENSIONS = Map.ofEntries(
            Map.entry("plan_or_free", "coalesce(properties.plan, 'free')"),
            Map.entry("plan_lower", "lower(coalesce(properties.plan, 'free'))"),
            Map.entry("referrer_host", "url_host(referrer)"),
            Map.entry("page_path", "url_path(page)"),
            Map.entry("hour", "hour_of_day(timestamp)"),
            Map.entry("weekday", "day_of_week(timestamp)"),
            Map.entry("score_half", "number(properties.score) / 2"),
            Map.entry("mixed_number", "number(text(properties.mixed))"),
            Map.entry("is_beta", "coalesce(boolean(properties.beta), false)"));

    private static Map<String, String> metrics() {
        Map<String, String> metrics = new LinkedHashMap<>();
        metrics.put("purchases", "count() where type = 'purchase'");
        metrics.put("buyers", "uniq(userId) where type = 'purchase'");
        metrics.put("conversion_rate", "buyers / uniqueUsers");
        metrics.put("arpu", "revenue / uniqueUsers");
        metrics.put("order_value", "(sum(revenue) where type = 'purchase') / purchases");
        metrics.put("p90_score", "quantile(0.9, properties.score)");
        metrics.put("median_items", "quantile(0.5, properties.items) where properties.plan in ('pro', 'free')");
        metrics.put("avg_items", "avg(properties.items)");
        metrics.put("max_score", "max(properties.score) where not country = 'DE'");
        metrics.put("min_score", "min(properties.score) where properties.coupon is not null");
        metrics.put("per_purchase", "events / purchases");
        metrics.put("never", "count() where type = 'no such type'");
        metrics.put("by_zero", "events / never");
        metrics.put("beta_share", "(count() where properties.beta = true) / count()");
        metrics.put("pages_with_docs", "count() where page contains 'DOCS' or country != 'US'");
        metrics.put("net", "sum(revenue * 0.971 - 0.30) where type = 'purchase'");
        return metrics;
    }

    /** The catalog with every definition above, resolved as a project would have saved them. */
    default Catalog customCatalog() {
        ExpressionResolver resolver = new ExpressionResolver(ExpressionLimits.defaults());
        MetricDefinitions definitions = MetricDefinitions.of(METRICS);
        List<CustomMetric> metrics = new ArrayList<>();
        METRICS.forEach((name, text) -> {
            ResolvedMetric resolved = resolver.metric(name, text, definitions);
            metrics.add(new CustomMetric(name, "", null, text, resolved));
        });
        List<CustomDimension> dimensions = new ArrayList<>();
        DIMENSIONS.forEach((name, text) -> {
            ResolvedDimension resolved = resolver.dimension(text);
            dimensions.add(new CustomDimension(name, "", text, resolved));
        });
        return Catalog.withDefinitions(metrics, dimensions);
    }

    @Test
    default void computesEveryCustomMetricOverAllEvents() {
        fixture().assertReport(report(METRICS.keySet().toArray(String[]::new)), customCatalog());
    }

    @Test
    default void ratiosOfMetricsAreRatiosOfTotals() {
        Report report =
                fixture().assertReport(report("arpu", "revenue", "uniqueUsers").by("country"), customCatalog());
        List<Double> totals =
                report.totals().stream().map(Objects::requireNonNull).toList();
        assertThat(totals.get(0)).isCloseTo(totals.get(1) / totals.get(2), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    default void quantileInterpolatesBetweenSortedValues() {
        List<Double> scores = fixture().dataset().events().stream()
                .map(e -> e.properties().get("score"))
                .filter(Number.class::isInstance)
                .map(v -> ((Number) v).doubleValue())
                .sorted()
                .toList();
        double h = 0.9 * (scores.size() - 1);
        int i = (int) Math.floor(h);
        double expected = scores.get(i) + (h - i) * (scores.get(i + 1) - scores.get(i));
        Report report = fixture().assertReport(report("p90_score"), customCatalog());
        assertThat(report.totals().getFirst()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    default void divisionByZeroIsNullNotAnError() {
        Report report = fixture().assertReport(report("by_zero", "events").by("device"), customCatalog());
        assertThat(report.rows())
                .isNotEmpty()
                .allSatisfy(row -> assertThat(row.values().getFirst()).isNull());
        assertThat(report.totals().getFirst()).isNull();
    }

    @Test
    default void emptyBucketsAreZeroForCountsAndNullForAverages() {
        Report report = fixture()
                .assertReport(
                        report("purchases", "avg_items", "conversion_rate")
                                .between(ContractDataset.EMPTY_FROM, ContractDataset.EMPTY_TO)
                                .every(Granularity.DAY),
                        customCatalog());
        assertThat(report.rows())
                .isNotEmpty()
                .allSatisfy(row -> assertThat(row.values()).containsExactly(0.0, null, null));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "plan_or_free",
                "plan_lower",
                "referrer_host",
                "page_path",
                "hour",
                "weekday",
                "score_half",
                "mixed_number",
                "is_beta"
            })
    default void groupsByCustomDimensions(String dimension) {
        fixture().assertReport(report("events", "avg_items").by(dimension).limit(1000), customCatalog());
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTC", "Asia/Kathmandu", "America/New_York"})
    default void hourAndWeekdayFollowTheReportsTimeZone(String zone) {
        fixture().assertReport(report("events").by("hour", "weekday").in(zone).limit(1000), customCatalog());
    }

    @Test
    default void filtersOnCustomDimensions() {
        Catalog catalog = customCatalog();
        fixture().assertReport(report("events", "purchases").where("plan_lower", FilterOp.IN, "pro", "free"), catalog);
        fixture().assertReport(report("events").where("referrer_host", FilterOp.NEQ, "google.com"), catalog);
        fixture().assertReport(report("events").where("page_path", FilterOp.CONTAINS, "PROMO"), catalog);
        fixture().assertReport(report("events").by("plan_or_free").where("score_half", FilterOp.GTE, "10"), catalog);
        fixture().assertReport(report("events").where("hour", FilterOp.LT, "6").in("Asia/Kathmandu"), catalog);
        fixture().assertReport(report("events").where("is_beta", FilterOp.EQ, "true"), catalog);
    }

    @Test
    default void customMetricsInTimeSeriesAndRankedSeries() {
        Catalog catalog = customCatalog();
        fixture()
                .assertReport(
                        report("conversion_rate", "order_value")
                                .between(ContractDataset.FALL_FROM, ContractDataset.FALL_TO)
                                .every(Granularity.WEEK)
                                .in("Europe/Berlin"),
                        catalog);
        fixture()
                .assertReport(
                        report("arpu", "avg_items")
                                .by("plan_or_free")
                                .between(ContractDataset.FALL_FROM, ContractDataset.FALL_TO)
                                .every(Granularity.WEEK)
                                .limit(3),
                        catalog);
    }

    @Test
    default void theDatasetExercisesTheFormulas() {
        List<Event> events = fixture().dataset().events();
        assertThat(events).anyMatch(e -> "purchase".equals(e.type()));
        assertThat(events).anyMatch(e -> e.properties().get("mixed") instanceof String s && s.matches("[0-9]+"));
    }
}
