package io.eventlens.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventlens.core.ProjectId;
import io.eventlens.core.query.ErrorCode;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.QueryException;
import io.eventlens.core.query.ReportRequest.FilterRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** What a rule may say, and the coded refusal naming the field for everything else. */
class AlertRulesTests {

    private static final Instant NOW = Instant.parse("2026-12-06T01:00:00Z");

    /** A valid draft, changed by the test through a copy with one field replaced. */
    private record D(
            @Nullable String id,
            String name,
            String metric,
            @Nullable List<FilterRequest> filters,
            @Nullable String breakdown,
            @Nullable Integer maxSeries,
            String last,
            @Nullable Double above,
            @Nullable Double below,
            @Nullable Double change,
            @Nullable String pendingFor,
            @Nullable String resolveAfter,
            @Nullable String url,
            @Nullable String secret) {

        static D valid() {
            return new D(
                    null,
                    "Too many errors",
                    "events",
                    List.of(new FilterRequest("type", FilterOp.EQ, List.of("error"))),
                    null,
                    null,
                    "5m",
                    100.0,
                    null,
                    null,
                    "2m",
                    null,
                    "https://hooks.example.com/alerts",
                    "0123456789abcdef");
        }

        AlertRules.Draft draft() {
            return new AlertRules.Draft(
                    id,
                    name,
                    metric,
                    filters,
                    breakdown,
                    maxSeries,
                    last,
                    above,
                    below,
                    change,
                    null,
                    pendingFor,
                    resolveAfter,
                    url,
                    secret,
                    null);
        }
    }

    private static AlertRule validate(D draft) {
        return AlertRules.validate(ProjectId.DEFAULT, draft.draft(), NOW);
    }

    private static void refused(UnaryOperator<D> change, ErrorCode code, String field) {
        assertThatThrownBy(() -> validate(change.apply(D.valid()))).isInstanceOfSatisfying(QueryException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.field()).isEqualTo(field);
        });
    }

    /** A rule with only an anomaly condition, over {@code last}. */
    private static AlertRules.Draft anomaly(String metric, String last, AlertRules.@Nullable AnomalyDraft anomaly) {
        return new AlertRules.Draft(
                null,
                "Odd traffic",
                metric,
                null,
                null,
                null,
                last,
                null,
                null,
                null,
                anomaly,
                null,
                null,
                null,
                null,
                null);
    }

    private static void refusedAnomaly(AlertRules.Draft draft, String field) {
        assertThatThrownBy(() -> AlertRules.validate(ProjectId.DEFAULT, draft, NOW))
                .isInstanceOfSatisfying(QueryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONDITION);
                    assertThat(e.field()).isEqualTo(field);
                });
    }

    @Test
    void anAnomalyTakesThreeDeviationsOverSixWindowsUnlessToldOtherwise() {
        assertThat(AlertRules.validate(
                                ProjectId.DEFAULT,
                                anomaly("events", "5m", new AlertRules.AnomalyDraft(null, null)),
                                NOW)
                        .condition())
                .isEqualTo(new AlertCondition.Anomaly(3, 6));
        assertThat(AlertRules.validate(
                                ProjectId.DEFAULT, anomaly("revenue", "1h", new AlertRules.AnomalyDraft(2.5, 12)), NOW)
                        .condition())
                .isEqualTo(new AlertCondition.Anomaly(2.5, 12));
        // 1d and 6 before it: exactly 7d, the longest live window.
        assertThat(AlertRules.validate(
                                ProjectId.DEFAULT, anomaly("events", "1d", new AlertRules.AnomalyDraft(3.0, 6)), NOW)
                        .condition())
                .isEqualTo(new AlertCondition.Anomaly(3, 6));
    }

    @Test
    void badAnomaliesAreRefusedNamingTheField() {
        refusedAnomaly(anomaly("events", "5m", new AlertRules.AnomalyDraft(0.0, null)), "condition.anomaly.threshold");
        refusedAnomaly(anomaly("events", "5m", new AlertRules.AnomalyDraft(-1.0, null)), "condition.anomaly.threshold");
        refusedAnomaly(
                anomaly("events", "5m", new AlertRules.AnomalyDraft(101.0, null)), "condition.anomaly.threshold");
        refusedAnomaly(
                anomaly("events", "5m", new AlertRules.AnomalyDraft(Double.NaN, null)), "condition.anomaly.threshold");
        refusedAnomaly(anomaly("events", "5m", new AlertRules.AnomalyDraft(null, 1)), "condition.anomaly.windows");
        refusedAnomaly(anomaly("events", "5m", new AlertRules.AnomalyDraft(null, 25)), "condition.anomaly.windows");
        refusedAnomaly(anomaly("events", "1d", new AlertRules.AnomalyDraft(null, 7)), "condition.anomaly.windows");
        refusedAnomaly(anomaly("uniqueUsers", "5m", new AlertRules.AnomalyDraft(null, null)), "condition.anomaly");
        refusedAnomaly(
                new AlertRules.Draft(
                        null,
                        "Two",
                        "events",
                        null,
                        null,
                        null,
                        "5m",
                        10.0,
                        null,
                        null,
                        new AlertRules.AnomalyDraft(null, null),
                        null,
                        null,
                        null,
                        null,
                        null),
                "condition");
    }

    @Test
    void acceptsAThresholdRuleWithAWebhook() {
        AlertRule rule = validate(D.valid());

        assertThat(rule.window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(rule.pendingFor()).isEqualTo(Duration.ofMinutes(2));
        assertThat(rule.resolveAfter()).isEqualTo(Duration.ZERO);
        assertThat(rule.condition()).isEqualTo(new AlertCondition.Above(100));
        assertThat(rule.maxSeries()).isEqualTo(1);
        assertThat(rule.webhook())
                .isEqualTo(new AlertRule.Webhook("https://hooks.example.com/alerts", "0123456789abcdef"));
        assertThat(rule.webhook().toString()).doesNotContain("0123456789abcdef");
        assertThat(rule.updatedAt()).isEqualTo(NOW);
    }

    @Test
    void aBreakdownEvaluatesTenSeriesUnlessToldOtherwise() {
        D draft = D.valid();
        AlertRule rule = validate(new D(
                null,
                draft.name(),
                "uniqueUsers",
                null,
                "country",
                null,
                "1h",
                null,
                3.0,
                null,
                null,
                "30s",
                null,
                null));

        assertThat(rule.maxSeries()).isEqualTo(AlertRules.DEFAULT_SERIES);
        assertThat(rule.webhook()).isNull();
        assertThat(rule.resolveAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void refusesBadInputWithACodeNamingTheField() {
        refused(
                d -> new D(
                        d.id(),
                        d.name(),
                        "visits",
                        d.filters(),
                        d.breakdown(),
                        d.maxSeries(),
                        d.last(),
                        d.above(),
                        d.below(),
                        d.change(),
                        d.pendingFor(),
                        d.resolveAfter(),
                        d.url(),
                        d.secret()),
                ErrorCode.UNKNOWN_METRIC,
                "metric");
        refused(
                d -> new D(
                        d.id(),
                        d.name(),
                        d.metric(),
                        List.of(new FilterRequest("contry", FilterOp.EQ, List.of("DE"))),
                        d.breakdown(),
                        d.maxSeries(),
                        d.last(),
                        d.above(),
                        d.below(),
                        d.change(),
                        d.pendingFor(),
                        d.resolveAfter(),
                        d.url(),
                        d.secret()),
                ErrorCode.UNKNOWN_DIMENSION,
                "filters[0].dimension");
        refused(
                d -> new D(
                        d.id(),
                        d.name(),
                        d.metric(),
                        d.filters(),
                        "contry",
                        d.maxSeries(),
                        d.last(),
                        d.above(),
                        d.below(),
                        d.change(),
                        d.pendingFor(),
                        d.resolveAfter(),
                        d.url(),
                        d.secret()),
                ErrorCode.UNKNOWN_DIMENSION,
                "breakdown");
        refused(
                d -> new D(
                        d.id(),
                        d.name(),
                        d.metric(),
                        d.filters(),
                        "country",
                        101,
                        d.last(),
                        d.above(),
                        d.below(),
                        d.change(),
                        d.pendingFor(),
                        d.resolveAfter(),
                        d.url(),
                        d.secret()),
                ErrorCode.TOO_MANY_SERIES,
                "maxSeries");
        for (String last : List.of("30s", "5", "0m", "8d", "five minutes")) {
            refused(
                    d -> new D(
                            d.id(),
                            d.name(),
                            d.metric(),
                            d.filters(),
                            d.breakdown(),
                            d.maxSeries(),
                            last,
                            d.above(),
                            d.below(),
                            d.change(),
                            d.pendingFor(),
                            d.resolveAfter(),
                            d.url(),
                            d.secret()),
                    ErrorCode.INVALID_WINDOW,
                    "last");
        }
        refused(
                d -> new D(
                        d.id(),
                        d.name(),
                        d.metric(),
                        d.filters(),
                        d.breakdown(),
                        d.maxSeries(),
                        d.last(),
                        1.0,
                        2.0,
                        d.change(),
                        d.pendingFor(),
                        d.resolveAfter(),
                        d.url(),
                        d.secret()),
                ErrorCode.INVALID_CONDITION,
                "condition");
        refused(
                d -> new D(
                        d.id(),
                        d.name(),
                        d.metric(),
                        d.filters(),
                        d.breakdown(),
                        d.maxSeries(),
                        d.last(),
                        null,
                        null,
                        null,
                        d.pendingFor(),
                        d.resolveAfter(),
                        d.url(),
                        d.secret()),
                ErrorCode.INVALID_CONDITION,
                "condition");
        refused(
                d -> new D(
                        d.id(),
                        d.name(),
                        "uniqueUsers",
                        d.filters(),
                        d.breakdown(),
                        d.maxSeries(),
                        d.last(),
                        null,
                        null,
                        50.0,
                        d.pendingFor(),
                        d.resolveAfter(),
                        d.url(),
                        d.secret()),
                ErrorCode.INVALID_CONDITION,
                "condition.changePercent");
        refused(
                d -> new D(
                        d.id(),
                        d.name(),
                        d.metric(),
                        d.filters(),
                        d.breakdown(),
                        d.maxSeries(),
                        d.last(),
                        d.above(),
                        d.below(),
                        d.change(),
                        "2 minutes",
                        d.resolveAfter(),
                        d.url(),
                        d.secret()),
                ErrorCode.INVALID_ARGUMENT,
                "for");
        refused(
                d -> new D(
                        d.id(),
                        d.name(),
                        d.metric(),
                        d.filters(),
                        d.breakdown(),
                        d.maxSeries(),
                        d.last(),
                        d.above(),
                        d.below(),
                        d.change(),
                        d.pendingFor(),
                        "25h",
                        d.url(),
                        d.secret()),
                ErrorCode.INVALID_ARGUMENT,
                "resolveAfter");
        for (String url : List.of(
                "ftp://example.com/x",
                "hooks.example.com/alerts",
                "http://user:pw@example.com/",
                "http://exa mple.com/")) {
            refused(
                    d -> new D(
                            d.id(),
                            d.name(),
                            d.metric(),
                            d.filters(),
                            d.breakdown(),
                            d.maxSeries(),
                            d.last(),
                            d.above(),
                            d.below(),
                            d.change(),
                            d.pendingFor(),
                            d.resolveAfter(),
                            url,
                            d.secret()),
                    ErrorCode.INVALID_WEBHOOK,
                    "webhook.url");
        }
        refused(
                d -> new D(
                        d.id(),
                        d.name(),
                        d.metric(),
                        d.filters(),
                        d.breakdown(),
                        d.maxSeries(),
                        d.last(),
                        d.above(),
                        d.below(),
                        d.change(),
                        d.pendingFor(),
                        d.resolveAfter(),
                        d.url(),
                        "short"),
                ErrorCode.INVALID_WEBHOOK,
                "webhook.secret");
        refused(
                d -> new D(
                        "no spaces",
                        d.name(),
                        d.metric(),
                        d.filters(),
                        d.breakdown(),
                        d.maxSeries(),
                        d.last(),
                        d.above(),
                        d.below(),
                        d.change(),
                        d.pendingFor(),
                        d.resolveAfter(),
                        d.url(),
                        d.secret()),
                ErrorCode.INVALID_ARGUMENT,
                "id");
    }
}
