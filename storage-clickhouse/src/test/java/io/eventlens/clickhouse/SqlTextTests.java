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
import java.util.List;
import org.junit.jupiter.api.Test;

/** No client text reaches SQL text: names become constants, values (even property keys) become parameters. */
class SqlTextTests {

    private static final String HOSTILE_VALUE = "x'); DROP TABLE events; -- :p0 ? \\";
    private static final String HOSTILE_KEY = "k' OR 1=1 --:name?";

    @Test
    void hostileValuesAndKeysTravelOnlyAsParameters() {
        ReportQuery query = new ReportRequestResolver(QueryLimits.defaults()).resolve(
                new ProjectId("hostile-project"),
                report("events", "revenue").by("properties." + HOSTILE_KEY, "country")
                        .where("page", FilterOp.CONTAINS, HOSTILE_VALUE)
                        .where("properties." + HOSTILE_KEY, FilterOp.NOT_IN, HOSTILE_VALUE, "b")
                        .every(Granularity.DAY).in("Europe/Berlin").build(),
                Catalog.builtIn());

        for (SqlStatement statement : List.of(ReportQueries.grouped(query), ReportQueries.totals(query),
                ReportQueries.bucketed(query, query.range(), List.of(query.range().from()),
                        List.of(java.util.Arrays.asList(HOSTILE_VALUE, null)), ReportQueries.Scope.REMAINING))) {
            assertThat(statement.sql()).doesNotContain("DROP", "OR 1=1", "hostile-project", "?")
                    .doesNotContainPattern(":(?!p\\d)");
            assertThat(statement.bindings()).contains(HOSTILE_KEY, HOSTILE_VALUE, "hostile-project");
            // Every placeholder has its value, and every value its placeholder.
            long placeholders = java.util.regex.Pattern.compile(":p\\d+").matcher(statement.sql()).results().count();
            assertThat(placeholders).isEqualTo(statement.bindings().size());
        }
    }
}
