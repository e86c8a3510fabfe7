package io.eventlens.core.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.eventlens.core.expression.ExpressionException.Code;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Custom names are identifiers that can be written in expressions and never shadow built-in names. */
class DefinitionNamesTests {

    @ParameterizedTest
    @ValueSource(strings = {"arpu", "conversion_rate", "_private", "p95_load_ms", "Revenue_per_user", "x"})
    void acceptsIdentifiersThatAreFree(String name) {
        assertThat(DefinitionNames.check(name)).isEqualTo(name);
        // and such a name can be used as a metric in an expression
        ExpressionResolver resolver = new ExpressionResolver(ExpressionLimits.defaults());
        assertThat(resolver.metric(name + " * 2", MetricDefinitions.of(Map.of(name, "count()")))
                        .dependencies())
                .containsExactly(name);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "2fast",
                "my-metric",
                "my metric",
                "café",
                "a.b",
                "properties.plan",
                "properties",
                "events",
                "uniqueUsers",
                "UNIQUEUSERS",
                "sessions",
                "revenue",
                "country",
                "Country",
                "userId",
                "timestamp",
                "count",
                "Sum",
                "quantile",
                "lower",
                "coalesce",
                "url_host",
                "number",
                "text",
                "boolean",
                "and",
                "WHERE",
                "contains",
                "true",
                "null",
                "NaN",
                "inf",
                "Infinity"
            })
    void refusesNamesThatAreMalformedOrTaken(String name) {
        ExpressionException error = catchThrowableOfType(ExpressionException.class, () -> DefinitionNames.check(name));
        assertThat(error).as(name).isNotNull();
        assertThat(error.code()).isEqualTo(Code.INVALID_NAME);
        assertThat(error.position()).isZero();
        assertThat(error.getMessage()).doesNotContain(" at 0");
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 65})
    void boundsTheLength(int length) {
        String name = "m".repeat(length);
        if (length <= DefinitionNames.MAX_LENGTH) {
            assertThat(DefinitionNames.check(name)).isEqualTo(name);
        } else {
            assertThat(catchThrowableOfType(ExpressionException.class, () -> DefinitionNames.check(name))
                            .getMessage())
                    .contains("more than 64");
        }
    }
}
