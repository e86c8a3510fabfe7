package io.eventlens.core.expression;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.query.Filter;
import io.eventlens.core.query.FilterOp;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Built-in metrics, dimensions and filters have expression forms equal to what an analyst would write. */
class BuiltInExpressionsTests {

    private final ExpressionParser parser = new ExpressionParser(ExpressionLimits.defaults());

    @ParameterizedTest
    @CsvSource({"EVENTS,count()", "UNIQUE_USERS,uniq(userId)", "SESSIONS,uniq(sessionId)", "REVENUE,sum(revenue)"})
    void builtInMetricsAreAggregates(BuiltInMetric metric, String expression) {
        assertThat(BuiltInExpressions.metric(metric)).isEqualTo(parser.metric(expression));
        assertThat(ExpressionPrinter.print(BuiltInExpressions.metric(metric))).isEqualTo(expression);
    }

    @Test
    void builtInDimensionsAreColumnsAndPropertyTexts() {
        for (EventColumn column : EventColumn.values()) {
            assertThat(BuiltInExpressions.dimension(new Dimension.Column(column)))
                    .isEqualTo(parser.dimension(column.publicName()));
        }
        assertThat(BuiltInExpressions.dimension(new Dimension.Property("my key")))
                .isEqualTo(parser.dimension("properties.\"my key\""));
    }

    @Test
    void reportFiltersAreConditionsWithTheSameSemantics() {
        Dimension country = new Dimension.Column(EventColumn.COUNTRY);
        Dimension plan = new Dimension.Property("plan");
        Dimension score = new Dimension.Property("score");
        assertCondition(new Filter(country, FilterOp.EQ, List.of("DE")), "country = 'DE'");
        assertCondition(new Filter(country, FilterOp.NEQ, List.of("it's")), "country != 'it''s'");
        assertCondition(new Filter(plan, FilterOp.IN, List.of("pro", "team")), "properties.plan in ('pro', 'team')");
        assertCondition(new Filter(plan, FilterOp.NOT_IN, List.of("free")), "properties.plan not in ('free')");
        assertCondition(
                new Filter(country, FilterOp.CONTAINS, List.of("d", "a", "t")),
                "country contains 'd' or country contains 'a' or country contains 't'");
        assertCondition(new Filter(score, FilterOp.GT, List.of("2.5")), "properties.score > 2.5");
        assertCondition(new Filter(score, FilterOp.GTE, List.of("-1")), "properties.score >= -1");
        assertCondition(new Filter(score, FilterOp.LT, List.of("1e3")), "properties.score < 1000");
        assertCondition(new Filter(score, FilterOp.LTE, List.of(" 7 ")), "properties.score <= 7");
    }

    private void assertCondition(Filter filter, String expression) {
        assertThat(BuiltInExpressions.condition(filter)).isEqualTo(parser.condition(expression));
    }
}
