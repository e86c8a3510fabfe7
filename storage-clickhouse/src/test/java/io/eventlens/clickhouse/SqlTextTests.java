package io.eventlens.clickhouse;

import static io.eventlens.core.storage.contract.ReportRequestBuilder.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.QueryLimits;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.ReportRequestResolver;
import io.eventlens.core.rollup.ReportPlan;
import io.eventlens.core.rollup.ReportPlanner;
import io.eventlens.core.rollup.Rollup;
import io.eventlens.core.rollup.RollupCoverage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No client text reaches SQL text: names become constants, values (even property keys) become parameters. */
class SqlTextTests {

    private static final String HOSTILE_VALUE = "x'); DROP TABLE events; -- :p0 ? {p0:String} \\";
    private static final String HOSTILE_KEY = "k' OR 1=1 --:name?";

    @Test
    void hostileValuesAndKeysTravelOnlyAsParameters() {
        ReportQuery query = new ReportRequestResolver(QueryLimits.defaults())
                .resolve(
                        new ProjectId("hostile-project"),
                        report("events", "revenue")
                                .by("properties." + HOSTILE_KEY, "country")
                                .where("page", FilterOp.CONTAINS, HOSTILE_VALUE)
                                .where("properties." + HOSTILE_KEY, FilterOp.NOT_IN, HOSTILE_VALUE, "b")
                                .every(Granularity.DAY)
                                .in("Europe/Berlin")
                                .build(),
                        Catalog.builtIn());

        // Over rollup rows too: a plan reading a rollup for the country filter and raw events for the rest.
        ReportQuery planned = new ReportRequestResolver(QueryLimits.defaults())
                .resolve(
                        new ProjectId("hostile-project"),
                        report("events", "uniqueUsers")
                                .by("country")
                                .where("country", FilterOp.IN, HOSTILE_VALUE, "b")
                                .every(Granularity.DAY)
                                .build(),
                        Catalog.builtIn())
                .withSources(ReportQuery.Sources.APPROXIMATE);
        ReportPlan plan = ReportPlanner.plan(
                planned,
                Rollup.DEFAULTS.stream()
                        .map(rollup -> new RollupCoverage(rollup, null, ClickHouseRollups.WATERMARK))
                        .toList());
        assertThat(plan.eventsOnly()).isFalse();
        RollupRows rows = new RollupRows(
                plan,
                java.util.Map.of(
                        Rollup.DEFAULTS.get(3),
                        "type_country_device_1h",
                        Rollup.DEFAULTS.get(4),
                        "type_country_device_1d"));

        for (SqlStatement statement : List.of(
                ReportQueries.grouped(query, null),
                ReportQueries.totals(query, null),
                ReportQueries.bucketed(
                        query,
                        query.range(),
                        List.of(query.range().from()),
                        List.of(java.util.Arrays.asList(HOSTILE_VALUE, null)),
                        ReportQueries.Scope.REMAINING,
                        null),
                ReportQueries.grouped(planned, rows),
                ReportQueries.totals(planned, rows),
                ReportQueries.bucketed(
                        planned,
                        planned.range(),
                        List.of(planned.range().from()),
                        List.of(java.util.Arrays.asList(HOSTILE_VALUE)),
                        ReportQueries.Scope.MATCHING,
                        rows))) {
            assertThat(statement.sql()).doesNotContain("DROP", "OR 1=1", "hostile-project");
            assertThat(statement.bindings()).contains(HOSTILE_VALUE, "hostile-project");
            // Every placeholder has its value, and every value its placeholder.
            long placeholders = java.util.regex.Pattern.compile("\\{p\\d+:String}")
                    .matcher(statement.sql())
                    .results()
                    .count();
            assertThat(placeholders).isEqualTo(statement.bindings().size());
        }
    }
}
