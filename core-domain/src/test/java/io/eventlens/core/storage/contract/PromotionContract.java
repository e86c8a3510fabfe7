package io.eventlens.core.storage.contract;

import static io.eventlens.core.storage.contract.ReportRequestBuilder.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.promotion.PromotedProperty;
import io.eventlens.core.promotion.PropertyPromotions;
import io.eventlens.core.promotion.PropertyType;
import io.eventlens.core.query.Compare;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.QueryLimits;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.ReportRequest;
import io.eventlens.core.query.ReportRequestResolver;
import io.eventlens.core.query.ReportRow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Promoted properties never change an answer: reports that group and filter by them equal the oracle's before the
 * promotion, while it backfills, once it is READY and after it is demoted; keys that look like SQL stay data. An
 * engine without promotions must say so ({@link EngineBehavior#PROMOTES_PROPERTIES}) and refuse them.
 */
public interface PromotionContract extends StorageContract {

    /** What each property of the dataset is promoted as; the odd key proves names never become SQL text. */
    Map<String, PropertyType> PROMOTED = Map.of(
            "plan",
            PropertyType.STRING,
            "score",
            PropertyType.NUMBER,
            "mixed",
            PropertyType.STRING,
            "items",
            PropertyType.NUMBER,
            "beta",
            PropertyType.STRING,
            ContractDataset.ODD_KEY,
            PropertyType.STRING);

    private static List<ReportRequestBuilder> reports() {
        return List.of(
                report("events", "uniqueUsers", "revenue")
                        .by("properties.plan")
                        .between(ContractDataset.ALL_FROM, ContractDataset.ALL_TO),
                report("events")
                        .by("properties.mixed", "properties.beta")
                        .between(ContractDataset.ALL_FROM, ContractDataset.ALL_TO),
                report("events", "sessions")
                        .by("properties." + ContractDataset.ODD_KEY)
                        .every(Granularity.WEEK)
                        .between(ContractDataset.FALL_FROM, ContractDataset.FALL_TO),
                report("events")
                        .by("type")
                        .where("properties.score", FilterOp.GT, "2.5")
                        .between(ContractDataset.ALL_FROM, ContractDataset.ALL_TO),
                report("events", "revenue")
                        .where("properties.items", FilterOp.LTE, "6")
                        .where("properties.plan", FilterOp.IN, "pro", "free")
                        .every(Granularity.DAY)
                        .between(ContractDataset.FALL_FROM, ContractDataset.FALL_TO),
                report("events")
                        .by("properties.score")
                        .where("properties.mixed", FilterOp.NOT_IN, "5", "abc")
                        .where("properties.mixed", FilterOp.GTE, "5")
                        .between(ContractDataset.ALL_FROM, ContractDataset.ALL_TO),
                report("events")
                        .where("properties.plan", FilterOp.CONTAINS, "PRO")
                        .where("properties.items", FilterOp.GT, "3")
                        .by("country")
                        .between(ContractDataset.ALL_FROM, ContractDataset.ALL_TO));
    }

    /** Event pages filtered by promoted properties, walked page by page. */
    private void assertPages() {
        fixture()
                .walkPages(
                        ContractFixture.filters(
                                ContractFixture.filter("properties.plan", FilterOp.IN, "pro", "free"),
                                ContractFixture.filter("properties.score", FilterOp.LT, "10")),
                        ContractDataset.ALL_FROM,
                        ContractDataset.ALL_TO,
                        40);
    }

    /** A funnel broken down by a promoted property with promoted filters, and a retention filtered by one. */
    private void assertAnalyses() {
        AnalysisChecks.assertFunnel(
                fixture().storage(),
                fixture().dataset().events(),
                FunnelContract.funnel(
                        fixture().project(),
                        List.of(
                                FunnelContract.step(
                                        "page_view",
                                        ContractFixture.filter("properties.plan", FilterOp.IN, "pro", "free")),
                                FunnelContract.step(
                                        "click", ContractFixture.filter("properties.items", FilterOp.GTE, "3"))),
                        java.time.Duration.ofDays(30),
                        "properties.plan",
                        ContractDataset.ALL_FROM,
                        ContractDataset.ALL_TO,
                        null));
        AnalysisChecks.assertRetention(
                fixture().storage(),
                fixture().dataset().events(),
                RetentionContract.retention(
                        fixture().project(),
                        FunnelContract.step("page_view"),
                        FunnelContract.step(
                                "purchase", ContractFixture.filter("properties.plan", FilterOp.NEQ, "free")),
                        Granularity.WEEK,
                        "Europe/Berlin",
                        ContractDataset.FALL_FROM,
                        ContractDataset.FALL_TO,
                        8));
    }

    /** The top two plans with an others row, against the previous period (the extensions' own statements). */
    private void assertExtended() {
        ReportRequest r = report("events", "uniqueUsers")
                .by("properties.plan")
                .where("properties.score", FilterOp.GTE, "0")
                .between(ContractDataset.FALL_FROM, ContractDataset.FALL_TO)
                .limit(2)
                .build();
        ReportQuery query = new ReportRequestResolver(QueryLimits.defaults())
                .resolve(
                        fixture().project(),
                        new ReportRequest(
                                r.metrics(),
                                r.dimensions(),
                                r.filters(),
                                r.from(),
                                r.to(),
                                r.granularity(),
                                r.timezone(),
                                r.orderBy(),
                                r.limit(),
                                true,
                                Compare.PREVIOUS_PERIOD),
                        Catalog.builtIn());
        Report expected = new ReportExtensionsOracle(fixture().dataset().events()).report(query);
        fixture()
                .storage()
                .report(query)
                .as(StepVerifier::create)
                .assertNext(actual -> {
                    ReportAssertions.assertSameReport(actual, expected);
                    assertThat(actual.rows())
                            .extracting(ReportRow::others)
                            .isEqualTo(expected.rows().stream()
                                    .map(ReportRow::others)
                                    .toList());
                    assertThat(actual.rows())
                            .extracting(ReportRow::previousValues)
                            .isEqualTo(expected.rows().stream()
                                    .map(ReportRow::previousValues)
                                    .toList());
                })
                .verifyComplete();
    }

    /** Custom metrics and dimensions over promoted properties (the suite is also a {@link CustomMetricContract}). */
    private void assertCustom() {
        if (this instanceof CustomMetricContract custom) {
            fixture()
                    .assertReport(
                            report("p90_score", "avg_items", "median_items", "beta_share")
                                    .by("plan_or_free", "score_half"),
                            custom.customCatalog());
            fixture().assertReport(report("events", "max_score").by("mixed_number"), custom.customCatalog());
        }
    }

    private void assertAll() {
        reports().forEach(fixture()::assertReport);
        assertCustom();
        assertPages();
        assertAnalyses();
        assertExtended();
    }

    @Test
    default void anEngineWithoutPromotionsRefusesThem() {
        if (hasBehavior(EngineBehavior.PROMOTES_PROPERTIES)) {
            return;
        }
        PropertyPromotions promotions = fixture().storage().promotions();
        promotions
                .promote(fixture().project(), new Dimension.Property("plan"), PropertyType.STRING)
                .as(StepVerifier::create)
                .expectError(UnsupportedOperationException.class)
                .verify();
        promotions
                .list(fixture().project())
                .as(StepVerifier::create)
                .expectNext(List.of())
                .verifyComplete();
    }

    @Test
    default void promotedPropertiesAnswerAsTheJsonBeforeDuringAndAfterBackfillAndAfterDemotion() {
        if (!hasBehavior(EngineBehavior.PROMOTES_PROPERTIES)) {
            return;
        }
        PropertyPromotions promotions = fixture().storage().promotions();
        var project = fixture().project();
        assertAll();

        PROMOTED.forEach((key, type) -> promotions
                .promote(project, new Dimension.Property(key), type)
                .as(StepVerifier::create)
                .assertNext(promoted -> assertThat(promoted.type()).isEqualTo(type))
                .verifyComplete());
        assertAll();

        promotions.refresh(project).as(StepVerifier::create).verifyComplete();
        promotions
                .list(project)
                .as(StepVerifier::create)
                .assertNext(list -> {
                    assertThat(list)
                            .extracting(PromotedProperty::name)
                            .containsExactlyInAnyOrderElementsOf(PROMOTED.keySet().stream()
                                    .map(key -> "properties." + key)
                                    .toList());
                    assertThat(list).allSatisfy(promoted -> {
                        assertThat(promoted.state()).isEqualTo(PromotedProperty.State.READY);
                        assertThat(promoted.progress()).isEqualTo(1.0);
                    });
                })
                .verifyComplete();
        assertAll();

        // The declaration holds both ways: the other type is refused, the same type answers as it stands.
        promotions
                .promote(project, new Dimension.Property("plan"), PropertyType.NUMBER)
                .as(StepVerifier::create)
                .expectError(IllegalArgumentException.class)
                .verify();
        promotions
                .promote(project, new Dimension.Property("plan"), PropertyType.STRING)
                .as(StepVerifier::create)
                .assertNext(promoted -> assertThat(promoted.state()).isEqualTo(PromotedProperty.State.READY))
                .verifyComplete();

        PROMOTED.keySet()
                .forEach(key -> promotions
                        .demote(project, new Dimension.Property(key))
                        .as(StepVerifier::create)
                        .expectNext(true)
                        .verifyComplete());
        assertAll();
        promotions.refresh(project).as(StepVerifier::create).verifyComplete();
        promotions.list(project).as(StepVerifier::create).expectNext(List.of()).verifyComplete();
        promotions
                .demote(project, new Dimension.Property("plan"))
                .as(StepVerifier::create)
                .expectNext(false)
                .verifyComplete();
        assertAll();
    }
}
