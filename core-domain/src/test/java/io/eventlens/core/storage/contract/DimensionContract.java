package io.eventlens.core.storage.contract;

import static io.eventlens.core.storage.contract.ReportRequestBuilder.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportRow;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Grouping by built-in columns and JSON properties, one to three at a time; missing values group as null. */
public interface DimensionContract extends StorageContract {

    @ParameterizedTest
    @ValueSource(strings = {"type", "country", "device", "browser", "os", "page", "referrer", "userId", "sessionId"})
    default void groupsByEveryBuiltInDimension(String dimension) {
        Report expected = fixture()
                .assertReport(report("events", "uniqueUsers", "sessions", "revenue")
                        .by(dimension)
                        .limit(10_000));
        assertThat(expected.rows()).hasSizeGreaterThan(3);
    }

    @Test
    default void countsUniqueUsersPerCountry() {
        Report expected = fixture().assertReport(report("uniqueUsers").by("country"));
        assertThat(dimensionValues(expected, 0)).contains("DE", "NP", null);
    }

    @Test
    default void groupsByTwoDimensions() {
        fixture()
                .assertReport(
                        report("events", "revenue").by("country", "device").limit(1000));
    }

    @Test
    default void groupsByThreeDimensions() {
        Report expected = fixture()
                .assertReport(report("events", "uniqueUsers")
                        .by("type", "country", "browser")
                        .limit(10_000));
        assertThat(expected.rows()).hasSizeGreaterThan(100);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "properties.plan",
                "properties.items",
                "properties.score",
                "properties.beta",
                "properties.coupon",
                "properties.größe",
                "properties.mixed",
                "properties." + ContractDataset.ODD_KEY
            })
    default void groupsByEveryKindOfProperty(String dimension) {
        fixture()
                .assertReport(
                        report("events", "sessions", "revenue").by(dimension).limit(1000));
    }

    @Test
    default void groupsStringPropertiesByTheirTextWithQuotesAndUnicode() {
        Report expected = fixture().assertReport(report("events").by("properties.plan"));
        assertThat(dimensionValues(expected, 0))
                .contains("Pro \"Max\"", "free'; DROP TABLE events; --", "😀 emoji", "ｆｕｌｌ width", null);
    }

    @Test
    default void groupsNumberPropertiesByTheirJsonText() {
        Report expected =
                fixture().assertReport(report("events").by("properties.score").limit(1000));
        assertThat(dimensionValues(expected, 0)).contains("-4.75", "0.25", "2.5", "0", "-5", "20", null);
    }

    @Test
    default void groupsBooleanPropertiesAsTrueAndFalse() {
        Report expected = fixture().assertReport(report("events", "uniqueUsers").by("properties.beta"));
        assertThat(dimensionValues(expected, 0)).containsExactlyInAnyOrder("true", "false", null);
    }

    @Test
    default void groupsJsonNullTogetherWithAMissingProperty() {
        Report expected = fixture().assertReport(report("events").by("properties.coupon"));
        assertThat(dimensionValues(expected, 0)).containsExactlyInAnyOrder("SAVE10", null);
    }

    @Test
    default void groupsNumbersAndStringsWithTheSameTextTogether() {
        Report expected = fixture().assertReport(report("events").by("properties.mixed"));
        assertThat(dimensionValues(expected, 0)).containsExactlyInAnyOrder("5", "7", "abc", "true", "-2.5", "12", null);
    }

    @Test
    default void groupsByAPropertyNoEventHasIntoOneNullRow() {
        Report expected = fixture().assertReport(report("events").by("properties.nowhere"));
        assertThat(expected.rows())
                .singleElement()
                .satisfies(row -> assertThat(row.dimensions()).containsOnlyNulls());
    }

    @Test
    default void groupsByPropertiesAndColumnsTogether() {
        fixture()
                .assertReport(report("events", "revenue")
                        .by("properties.beta", "device", "properties.größe")
                        .limit(1000));
    }

    static List<String> dimensionValues(Report report, int dimension) {
        return report.rows().stream()
                .map(ReportRow::dimensions)
                .map(d -> d.get(dimension))
                .toList();
    }
}
