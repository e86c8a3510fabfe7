package io.eventlens.core.storage.contract;

import static io.eventlens.core.storage.contract.DimensionContract.dimensionValues;
import static io.eventlens.core.storage.contract.ReportRequestBuilder.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.Report;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every filter operator on columns and properties, alone and combined; values are data, never SQL. */
public interface FilterContract extends StorageContract {

    String CASES = "io.eventlens.core.storage.contract.FilterContract#";

    static Stream<Arguments> columnFilters() {
        return Stream.of(
                Arguments.of("country", FilterOp.EQ, new String[] {"DE"}),
                Arguments.of("country", FilterOp.NEQ, new String[] {"DE"}),
                Arguments.of("country", FilterOp.IN, new String[] {"DE", "FR", "XX"}),
                Arguments.of("country", FilterOp.NOT_IN, new String[] {"DE", "FR"}),
                Arguments.of("browser", FilterOp.CONTAINS, new String[] {"chrom"}),
                Arguments.of("browser", FilterOp.CONTAINS, new String[] {"CHROME"}),
                Arguments.of("browser", FilterOp.CONTAINS, new String[] {"saf", "EDG"}),
                Arguments.of("os", FilterOp.CONTAINS, new String[] {"os"}),
                Arguments.of("device", FilterOp.NEQ, new String[] {"mobile"}),
                Arguments.of("type", FilterOp.IN, new String[] {"signup", "purchase"}),
                Arguments.of("type", FilterOp.EQ, new String[] {"it's \"quoted\"; --drop"}),
                Arguments.of("type", FilterOp.CONTAINS, new String[] {"checkout s"}),
                Arguments.of("page", FilterOp.EQ, new String[] {"/blog/o'reilly"}),
                Arguments.of("page", FilterOp.EQ, new String[] {"/路径/页面"}),
                Arguments.of("page", FilterOp.EQ, new String[] {"C:\\temp\\x"}),
                Arguments.of("page", FilterOp.CONTAINS, new String[] {"%_"}),
                Arguments.of("page", FilterOp.CONTAINS, new String[] {"_"}),
                Arguments.of("page", FilterOp.CONTAINS, new String[] {"\\"}),
                Arguments.of("page", FilterOp.NOT_IN, new String[] {"/", "/search?q=a;b--c"}),
                Arguments.of("referrer", FilterOp.CONTAINS, new String[] {"\"x\""}),
                Arguments.of("userId", FilterOp.EQ, new String[] {"u-7"}),
                Arguments.of("userId", FilterOp.NOT_IN, new String[] {"u-1", "u-2", "u-3"}),
                Arguments.of("sessionId", FilterOp.CONTAINS, new String[] {"S-1"}));
    }

    static Stream<Arguments> propertyFilters() {
        return Stream.of(
                Arguments.of("properties.plan", FilterOp.EQ, new String[] {"pro"}),
                Arguments.of("properties.plan", FilterOp.NEQ, new String[] {"pro"}),
                Arguments.of("properties.plan", FilterOp.IN, new String[] {"free", "Pro \"Max\""}),
                Arguments.of("properties.plan", FilterOp.NOT_IN, new String[] {"free", "enterprise"}),
                Arguments.of("properties.plan", FilterOp.CONTAINS, new String[] {"PRO"}),
                Arguments.of("properties.plan", FilterOp.EQ, new String[] {"free'; DROP TABLE events; --"}),
                Arguments.of("properties.plan", FilterOp.EQ, new String[] {"😀 emoji"}),
                Arguments.of("properties.beta", FilterOp.EQ, new String[] {"true"}),
                Arguments.of("properties.beta", FilterOp.NEQ, new String[] {"true"}),
                Arguments.of("properties.items", FilterOp.EQ, new String[] {"3"}),
                Arguments.of("properties.items", FilterOp.IN, new String[] {"10", "11", "12"}),
                Arguments.of("properties.score", FilterOp.EQ, new String[] {"2.5"}),
                Arguments.of("properties.coupon", FilterOp.NEQ, new String[] {"SAVE10"}),
                Arguments.of("properties.coupon", FilterOp.EQ, new String[] {"SAVE10"}),
                Arguments.of("properties.mixed", FilterOp.EQ, new String[] {"5"}),
                Arguments.of("properties.mixed", FilterOp.CONTAINS, new String[] {"AB"}),
                Arguments.of("properties.größe", FilterOp.EQ, new String[] {"中"}),
                Arguments.of("properties." + ContractDataset.ODD_KEY, FilterOp.EQ, new String[] {"a\\b"}),
                Arguments.of("properties." + ContractDataset.ODD_KEY, FilterOp.EQ, new String[] {"x'y"}),
                Arguments.of("properties." + ContractDataset.ODD_KEY, FilterOp.CONTAINS, new String[] {"%_"}),
                Arguments.of("properties." + ContractDataset.ODD_KEY, FilterOp.NOT_IN, new String[] {"1;--"}));
    }

    static Stream<Arguments> numericFilters() {
        return Stream.of(
                Arguments.of("properties.score", FilterOp.GT, "2.5"),
                Arguments.of("properties.score", FilterOp.GTE, "2.5"),
                Arguments.of("properties.score", FilterOp.LT, "-1"),
                Arguments.of("properties.score", FilterOp.LTE, "0"),
                Arguments.of("properties.score", FilterOp.GT, "1e1"),
                Arguments.of("properties.items", FilterOp.GT, "9"),
                Arguments.of("properties.items", FilterOp.GTE, "10"),
                Arguments.of("properties.items", FilterOp.LT, "2"),
                Arguments.of("properties.items", FilterOp.LTE, "2.5"),
                Arguments.of("properties.mixed", FilterOp.GT, "3"),
                Arguments.of("properties.mixed", FilterOp.LTE, "0"),
                Arguments.of("properties.plan", FilterOp.GT, "0"),
                Arguments.of("properties.beta", FilterOp.GTE, "0"),
                Arguments.of("properties.nowhere", FilterOp.LT, "100"));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource(CASES + "columnFilters")
    default void filtersColumnsWithEveryTextOperator(String dimension, FilterOp op, String[] values) {
        fixture()
                .assertReport(report("events", "uniqueUsers", "revenue")
                        .by(dimension)
                        .where(dimension, op, values)
                        .limit(1000));
        fixture().assertReport(report("events").by("type").where(dimension, op, values));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource(CASES + "propertyFilters")
    default void filtersPropertiesWithEveryTextOperator(String dimension, FilterOp op, String[] values) {
        fixture()
                .assertReport(report("events", "sessions")
                        .by(dimension)
                        .where(dimension, op, values)
                        .limit(1000));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource(CASES + "numericFilters")
    default void comparesNumericPropertiesAsNumbers(String dimension, FilterOp op, String value) {
        fixture()
                .assertReport(report("events", "revenue")
                        .by(dimension)
                        .where(dimension, op, value)
                        .limit(1000));
    }

    @Test
    default void comparesNumbersNumericallyNotAsText() {
        // As text "10" < "9"; as numbers it is the other way round.
        Report expected = fixture()
                .assertReport(report("events").by("properties.items").where("properties.items", FilterOp.GT, "9"));
        assertThat(dimensionValues(expected, 0)).containsExactlyInAnyOrder("10", "11", "12");
    }

    @Test
    default void numericOperatorsMatchOnlyJsonNumbers() {
        Report expected = fixture()
                .assertReport(report("events").by("properties.mixed").where("properties.mixed", FilterOp.GT, "3"));
        // "5" and "7" also appear as JSON strings: those events do not match, so the counts are smaller.
        assertThat(dimensionValues(expected, 0)).containsExactlyInAnyOrder("5", "7", "12");
        Report asText = fixture()
                .assertReport(report("events").by("properties.mixed").where("properties.mixed", FilterOp.IN, "5"));
        assertThat(expected.rows().stream()
                        .filter(r -> "5".equals(r.dimensions().getFirst()))
                        .findFirst()
                        .orElseThrow()
                        .values()
                        .getFirst())
                .isLessThan(asText.totals().getFirst());
    }

    @ParameterizedTest
    @EnumSource(
            value = FilterOp.class,
            names = {"NEQ", "NOT_IN"})
    default void negatedOperatorsAlsoMatchMissingValues(FilterOp op) {
        Report columns = fixture().assertReport(report("events").by("country").where("country", op, "DE"));
        assertThat(dimensionValues(columns, 0)).contains((String) null).doesNotContain("DE");
        Report properties =
                fixture().assertReport(report("events").by("properties.plan").where("properties.plan", op, "pro"));
        assertThat(dimensionValues(properties, 0)).contains((String) null).doesNotContain("pro");
    }

    @ParameterizedTest
    @EnumSource(
            value = FilterOp.class,
            names = {"EQ", "IN", "CONTAINS"})
    default void positiveOperatorsNeverMatchMissingValues(FilterOp op) {
        Report columns = fixture().assertReport(report("events").by("browser").where("browser", op, "Chrome"));
        assertThat(dimensionValues(columns, 0)).doesNotContainNull().isNotEmpty();
        Report properties = fixture()
                .assertReport(report("events").by("properties.coupon").where("properties.coupon", op, "SAVE10"));
        assertThat(dimensionValues(properties, 0)).containsExactly("SAVE10");
    }

    @Test
    default void containsIgnoresCaseAndTakesWildcardsLiterally() {
        Report upper =
                fixture().assertReport(report("events").by("browser").where("browser", FilterOp.CONTAINS, "CHROM"));
        assertThat(dimensionValues(upper, 0)).containsExactlyInAnyOrder("Chrome", "chromium");
        Report percent = fixture().assertReport(report("events").by("page").where("page", FilterOp.CONTAINS, "50%_"));
        assertThat(dimensionValues(percent, 0)).containsExactly("/promo/50%_off");
    }

    @Test
    default void containsIgnoresCaseBeyondAscii() {
        Report expected = fixture().assertReport(report("events").by("page").where("page", FilterOp.CONTAINS, "CAFÉ"));
        assertThat(dimensionValues(expected, 0)).containsExactly("/café");
    }

    @Test
    default void combinesFiltersWithAnd() {
        Report expected = fixture()
                .assertReport(report("events", "uniqueUsers", "revenue")
                        .by("country", "device")
                        .where("country", FilterOp.IN, "DE", "US", "NP")
                        .where("device", FilterOp.NEQ, "mobile")
                        .where("properties.score", FilterOp.GTE, "0")
                        .where("type", FilterOp.CONTAINS, "VIEW", "click")
                        .where("properties.plan", FilterOp.NOT_IN, "free"));
        assertThat(expected.rows())
                .isNotEmpty()
                .allSatisfy(row -> assertThat(row.dimensions().getFirst()).isIn("DE", "US", "NP"))
                .allSatisfy(row -> assertThat(row.dimensions().get(1)).isNotEqualTo("mobile"));
    }

    @Test
    default void filtersOnTheSameDimensionTwiceMustBothHold() {
        Report expected = fixture()
                .assertReport(report("events")
                        .by("properties.score")
                        .where("properties.score", FilterOp.GT, "-1")
                        .where("properties.score", FilterOp.LT, "1")
                        .limit(1000));
        assertThat(dimensionValues(expected, 0))
                .containsExactlyInAnyOrder("-0.75", "-0.5", "-0.25", "0", "0.25", "0.5", "0.75");
    }
}
