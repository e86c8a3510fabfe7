package io.eventlens.core.expression;

import static io.eventlens.core.expression.Trees.aggregate;
import static io.eventlens.core.expression.Trees.arithmetic;
import static io.eventlens.core.expression.Trees.column;
import static io.eventlens.core.expression.Trees.count;
import static io.eventlens.core.expression.Trees.equal;
import static io.eventlens.core.expression.Trees.number;
import static io.eventlens.core.expression.Trees.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.expression.ExpressionException.Code;
import io.eventlens.core.expression.MetricExpression.Inlined;
import io.eventlens.core.expression.RowExpression.Revenue;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Metric names resolve to inlined trees; unknown names, cycles and explosive definitions are refused. */
class ExpressionResolverTests {

    private final ExpressionResolver resolver = new ExpressionResolver(ExpressionLimits.defaults());

    private static final MetricExpression UNIQUE_USERS =
            aggregate(AggregateFunction.UNIQ, column(EventColumn.USER_ID), null);
    private static final MetricExpression PURCHASES = count(equal(column(EventColumn.TYPE), text("purchase")));

    @Test
    void builtInMetricsInlineAsTheirAggregates() {
        ResolvedMetric arpu = resolver.metric("revenue / uniqueUsers", MetricDefinitions.none());
        assertThat(arpu.expression())
                .isEqualTo(arithmetic(
                        new Inlined("revenue", aggregate(AggregateFunction.SUM, new Revenue(), null)),
                        ArithmeticOperator.DIVIDE,
                        new Inlined("uniqueUsers", UNIQUE_USERS)));
        assertThat(arpu.dependencies()).isEmpty();
    }

    @Test
    void customMetricsInlineTheirOwnResolvedTrees() {
        MetricDefinitions definitions = MetricDefinitions.of(Map.of(
                "purchases", "count() where type = 'purchase'",
                "conversion_rate", "purchases / uniqueUsers"));
        ResolvedMetric percent = resolver.metric("conversion_percent", "conversion_rate * 100", definitions);

        assertThat(percent.expression())
                .isEqualTo(arithmetic(
                        new Inlined(
                                "conversion_rate",
                                arithmetic(
                                        new Inlined("purchases", PURCHASES),
                                        ArithmeticOperator.DIVIDE,
                                        new Inlined("uniqueUsers", UNIQUE_USERS))),
                        ArithmeticOperator.MULTIPLY,
                        number(100)));
        assertThat(percent.dependencies()).containsExactlyInAnyOrder("purchases", "conversion_rate");
    }

    @Test
    void aMetricUsedTwiceIsResolvedOnce() {
        Map<String, String> stored = new HashMap<>(Map.of("purchases", "count() where type = 'purchase'"));
        int[] reads = new int[1];
        MetricDefinitions counting = new MetricDefinitions() {
            @Override
            public java.util.Optional<String> expression(String name) {
                reads[0]++;
                return java.util.Optional.ofNullable(stored.get(name));
            }

            @Override
            public java.util.Collection<String> names() {
                return stored.keySet();
            }
        };
        ResolvedMetric twice = resolver.metric("purchases * purchases - purchases", counting);
        assertThat(reads[0]).isEqualTo(1);
        assertThat(ExpressionPrinter.print(twice.expression())).isEqualTo("purchases * purchases - purchases");
    }

    @Test
    void builtInNamesWinOverCustomDefinitionsOfTheSameName() {
        ResolvedMetric events = resolver.metric("events", MetricDefinitions.of(Map.of("events", "sum(revenue)")));
        assertThat(events.expression()).isEqualTo(new Inlined("events", count(null)));
    }

    @Test
    void refusesAnUnknownMetricSuggestingACloseName() {
        MetricDefinitions definitions = MetricDefinitions.of(Map.of("conversion_rate", "count()"));
        ExpressionException error = refused(() -> resolver.metric("conversoin_rate * 100", definitions));
        assertThat(error.code()).isEqualTo(Code.UNKNOWN_NAME);
        assertThat(error.position()).isEqualTo(1);
        assertThat(error.getMessage())
                .isEqualTo("unknown metric 'conversoin_rate' at 1; did you mean " + "'conversion_rate'?");

        ExpressionException builtIn = refused(() -> resolver.metric("revenue / uniqueUser", definitions));
        assertThat(builtIn.position()).isEqualTo(11);
        assertThat(builtIn.getMessage()).contains("did you mean 'uniqueUsers'?");

        ExpressionException far = refused(() -> resolver.metric("count() / zzz", definitions));
        assertThat(far.getMessage()).contains("metrics are events, uniqueUsers, sessions, revenue, conversion_rate");
    }

    @Test
    void perSessionMetricsCannotBeReferenced() {
        ExpressionException error = refused(() -> resolver.metric("bounceRate * 100", MetricDefinitions.none()));
        assertThat(error.code()).isEqualTo(Code.MISPLACED);
        assertThat(error.position()).isEqualTo(1);
        assertThat(error.getMessage()).contains("'bounceRate'", "per session");
    }

    @Test
    void refusesAMetricThatUsesItself() {
        ExpressionException error = refused(() -> resolver.metric("a", "count() + a", MetricDefinitions.none()));
        assertThat(error.code()).isEqualTo(Code.CYCLE);
        assertThat(error.position()).isEqualTo(11);
        assertThat(error.getMessage()).contains("metric 'a' refers to itself: a -> a");
        assertThat(error.definition()).isNull();
    }

    @Test
    void aCycleThroughOtherMetricsIsShownWhereTheNewDefinitionStartsIt() {
        MetricDefinitions definitions = MetricDefinitions.of(Map.of("b", "c * 2", "c", "count() / a"));
        ExpressionException error = refused(() -> resolver.metric("a", "sum(revenue) + b", definitions));
        assertThat(error.code()).isEqualTo(Code.CYCLE);
        assertThat(error.position()).isEqualTo(16);
        assertThat(error.definition()).isNull();
        assertThat(error.getMessage()).contains("a -> b -> c -> a");
    }

    @Test
    void theDocumentedCycleMessage() {
        ExpressionException error =
                refused(() -> resolver.metric("a", "b + 1", MetricDefinitions.of(Map.of("b", "a * 2"))));
        assertThat(error.getMessage())
                .isEqualTo("metric 'a' refers to itself: a -> b -> a at 1; a metric can't use "
                        + "itself, directly or through other metrics; remove one of these uses");
    }

    @Test
    void aCycleAmongStoredMetricsIsShownInTheStoredText() {
        MetricDefinitions definitions = MetricDefinitions.of(Map.of("b", "c * 2", "c", "count() / b"));
        ExpressionException error = refused(() -> resolver.metric("x", "b + 1", definitions));
        assertThat(error.code()).isEqualTo(Code.CYCLE);
        assertThat(error.definition()).isEqualTo("c");
        assertThat(error.position()).isEqualTo(11);
        assertThat(error.getMessage()).startsWith("in metric 'c': metric 'b' refers to itself: b -> c -> b at 11");
    }

    @Test
    void aProblemInAStoredDefinitionNamesThatDefinition() {
        MetricDefinitions definitions = MetricDefinitions.of(Map.of("broken", "sum(contry)", "outer", "broken"));
        ExpressionException error = refused(() -> resolver.metric("outer * 2", definitions));
        assertThat(error.code()).isEqualTo(Code.UNKNOWN_NAME);
        assertThat(error.definition()).isEqualTo("broken");
        assertThat(error.position()).isEqualTo(5);
        assertThat(error.getMessage())
                .isEqualTo("in metric 'broken': unknown column 'contry' at 5; did you mean " + "'country'?");
    }

    @Test
    @Timeout(5)
    void refusesDefinitionsThatExplodeWhenInlined() {
        Map<String, String> doubling = new LinkedHashMap<>();
        doubling.put("m0", "count()");
        for (int i = 1; i <= 15; i++) {
            doubling.put("m" + i, "m" + (i - 1) + " + m" + (i - 1));
        }
        MetricDefinitions definitions = MetricDefinitions.of(doubling);
        assertThat(resolver.metric("m8", definitions).dependencies()).hasSize(9);
        ExpressionException error = refused(() -> resolver.metric("m15", definitions));
        assertThat(error.code()).isEqualTo(Code.TOO_COMPLEX);
        assertThat(error.getMessage()).contains("more than the 5000 allowed");
    }

    @Test
    void refusesReferenceChainsDeeperThanTheLimit() {
        Map<String, String> chain = new HashMap<>();
        chain.put("c0", "count()");
        for (int i = 1; i <= 20; i++) {
            chain.put("c" + i, "c" + (i - 1) + " + 1");
        }
        MetricDefinitions definitions = MetricDefinitions.of(chain);
        assertThat(resolver.metric("c14", definitions).dependencies()).hasSize(15);
        ExpressionException error = refused(() -> resolver.metric("c20", definitions));
        assertThat(error.code()).isEqualTo(Code.TOO_COMPLEX);
        assertThat(error.getMessage()).contains("16 levels");
    }

    @Test
    void resolvedMetricsHoldNoUnresolvedReferences() {
        assertThatThrownBy(() -> new ResolvedMetric(Trees.ref("x"), java.util.Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        for (BuiltInMetric metric : BuiltInMetric.values()) {
            if (metric.perSession()) {
                continue; // see perSessionMetricsCannotBeReferenced
            }
            assertThat(resolver.metric(metric.publicName(), MetricDefinitions.none())
                            .expression())
                    .isEqualTo(new Inlined(metric.publicName(), BuiltInExpressions.metric(metric)));
        }
    }

    @Test
    void resolvesDimensionsWithTheirType() {
        assertThat(resolver.dimension("url_host(referrer)"))
                .isEqualTo(new ResolvedDimension(
                        Trees.call(RowFunction.URL_HOST, column(EventColumn.REFERRER)), ValueType.TEXT));
        assertThat(resolver.dimension("hour_of_day(timestamp)").type()).isEqualTo(ValueType.NUMBER);
        assertThat(resolver.dimension("properties.trial").type()).isEqualTo(ValueType.TEXT);
        assertThat(resolver.dimension("boolean(properties.trial)").type()).isEqualTo(ValueType.BOOLEAN);
        assertThat(resolver.condition("country = 'DE'")).isEqualTo(equal(column(EventColumn.COUNTRY), text("DE")));
    }

    private static ExpressionException refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        ExpressionException error = catchThrowableOfType(ExpressionException.class, call);
        assertThat(error).isNotNull();
        return error;
    }
}
