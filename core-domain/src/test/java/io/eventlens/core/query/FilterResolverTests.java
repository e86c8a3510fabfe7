package io.eventlens.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.query.ReportRequest.FilterRequest;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Filters resolve through the catalog or are refused with INVALID_FILTER / UNKNOWN_DIMENSION and a field path. */
class FilterResolverTests {

    private final FilterResolver resolver = new FilterResolver(QueryLimits.defaults());

    @Test
    void noFiltersResolveToNone() {
        assertThat(resolver.resolve(null, Catalog.builtIn())).isEmpty();
        assertThat(resolver.resolve(List.of(), Catalog.builtIn())).isEmpty();
    }

    @Test
    void resolvesColumnsAndPropertiesKeepingValuesAsText() {
        List<Filter> filters = resolver.resolve(
                List.of(
                        new FilterRequest("country", FilterOp.IN, List.of("DE", "FR")),
                        new FilterRequest("properties.score", FilterOp.GTE, List.of("2.5")),
                        new FilterRequest(
                                "properties.it's \"odd\"", FilterOp.CONTAINS, List.of("'; DROP TABLE x; --"))),
                Catalog.builtIn());
        assertThat(filters)
                .containsExactly(
                        new Filter(new Dimension.Column(EventColumn.COUNTRY), FilterOp.IN, List.of("DE", "FR")),
                        new Filter(new Dimension.Property("score"), FilterOp.GTE, List.of("2.5")),
                        new Filter(
                                new Dimension.Property("it's \"odd\""),
                                FilterOp.CONTAINS,
                                List.of("'; DROP TABLE x; --")));
        assertThat(filters.get(1).number()).isEqualTo(2.5);
    }

    @Test
    void refusesAnUnknownDimension() {
        assertRefused(
                List.of(
                        new FilterRequest("country", FilterOp.EQ, List.of("DE")),
                        new FilterRequest("planet", FilterOp.EQ, List.of("Mars"))),
                ErrorCode.UNKNOWN_DIMENSION,
                "filters[1].dimension");
    }

    @Test
    void refusesAValueHoldingTheNulCharacter() {
        assertRefused(
                List.of(new FilterRequest("page", FilterOp.IN, List.of("/a", "/b\u0000"))),
                ErrorCode.INVALID_FILTER,
                "filters[0].values[1]");
    }

    @Test
    void refusesMoreFiltersThanTheLimit() {
        assertRefused(
                Collections.nCopies(21, new FilterRequest("country", FilterOp.EQ, List.of("DE"))),
                ErrorCode.INVALID_FILTER,
                "filters");
    }

    @ParameterizedTest
    @EnumSource(FilterOp.class)
    void refusesAFilterWithoutValues(FilterOp op) {
        assertRefused(
                List.of(new FilterRequest("properties.n", op, List.of())),
                ErrorCode.INVALID_FILTER,
                "filters[0].values");
    }

    @ParameterizedTest
    @EnumSource(
            value = FilterOp.class,
            names = {"EQ", "NEQ", "GT", "GTE", "LT", "LTE"})
    void refusesSeveralValuesForSingleValuedOperators(FilterOp op) {
        assertRefused(
                List.of(new FilterRequest("properties.n", op, List.of("1", "2"))),
                ErrorCode.INVALID_FILTER,
                "filters[0].values");
    }

    @ParameterizedTest
    @EnumSource(
            value = FilterOp.class,
            names = {"IN", "NOT_IN", "CONTAINS"})
    void acceptsSeveralValuesUpToTheLimit(FilterOp op) {
        assertThat(resolver.resolve(
                        List.of(new FilterRequest("userId", op, Collections.nCopies(1000, "u"))), Catalog.builtIn()))
                .hasSize(1);
        assertRefused(
                List.of(new FilterRequest("userId", op, Collections.nCopies(1001, "u"))),
                ErrorCode.INVALID_FILTER,
                "filters[0].values");
    }

    @ParameterizedTest
    @EnumSource(
            value = FilterOp.class,
            names = {"GT", "GTE", "LT", "LTE"})
    void refusesNumericOperatorsOnTextColumns(FilterOp op) {
        assertRefused(
                List.of(new FilterRequest("country", op, List.of("1"))), ErrorCode.INVALID_FILTER, "filters[0].op");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", "NaN", "Infinity", "-Infinity", "1,5"})
    void refusesNumericOperatorsWithoutAFiniteNumber(String value) {
        assertRefused(
                List.of(new FilterRequest("properties.score", FilterOp.GT, List.of(value))),
                ErrorCode.INVALID_FILTER,
                "filters[0].values[0]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "2.5", "1e3", " 7 "})
    void acceptsNumericOperatorsWithAFiniteNumber(String value) {
        assertThat(resolver.resolve(
                                List.of(new FilterRequest("properties.score", FilterOp.LT, List.of(value))),
                                Catalog.builtIn())
                        .getFirst()
                        .number())
                .isEqualTo(Double.parseDouble(value));
    }

    private void assertRefused(List<FilterRequest> requests, ErrorCode code, String field) {
        assertThatThrownBy(() -> resolver.resolve(requests, Catalog.builtIn()))
                .isInstanceOfSatisfying(QueryException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.field()).isEqualTo(field);
                });
    }
}
