package io.eventlens.core.storage.contract;

import static io.eventlens.core.storage.contract.ReportRequestBuilder.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.query.Compare;
import io.eventlens.core.query.ErrorCode;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.QueryException;
import io.eventlens.core.query.QueryLimits;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.ReportRequest;
import io.eventlens.core.query.ReportRequestResolver;
import io.eventlens.core.query.ReportRow;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Top-N with an others row, and comparison with the previous period. */
public interface ReportExtensionsContract extends StorageContract {

    /** Four weeks before the end of the fall events, so the previous period holds fall events too. */
    java.time.Instant LATE_FALL = ContractDataset.FALL_TO.minus(java.time.Duration.ofDays(28));

    @Test
    default void othersRowHoldsEveryEventOutsideTheTopRowsSoRowsAddUpToTotals() {
        Report expected = assertExtended(
                report("events", "revenue", "uniqueUsers", "sessions")
                        .by("country")
                        .limit(2),
                true,
                null);
        assertThat(expected.rows()).hasSize(3);
        assertThat(expected.rows().getLast().others()).isTrue();
        double events =
                expected.rows().stream().mapToDouble(r -> r.values().getFirst()).sum();
        assertThat(events).isEqualTo(fixture().dataset().events().size());
    }

    @Test
    default void othersRowCountsDistinctValuesOverTheRemainingEventsWithTwoDimensionsAndAFilter() {
        assertExtended(
                report("uniqueUsers", "events")
                        .by("device", "properties.plan")
                        .where("type", FilterOp.NEQ, "signup")
                        .between(ContractDataset.FALL_FROM, ContractDataset.FALL_TO)
                        .limit(3),
                true,
                null);
        assertExtended(
                report("sessions")
                        .by("browser")
                        .orderBy("browser", ReportRequest.Direction.ASC)
                        .limit(1),
                true,
                null);
    }

    @Test
    default void noOthersRowWhenNothingIsLeftOver() {
        Report expected = assertExtended(report("events").by("device").limit(100), true, null);
        assertThat(expected.rows()).noneMatch(ReportRow::others);
    }

    @Test
    default void othersRowIsRejectedWithAGranularity() {
        ReportRequest request = with(report("events").by("country").every(Granularity.DAY), true, null);
        assertThatThrownBy(() -> new ReportRequestResolver(QueryLimits.defaults())
                        .resolve(fixture().project(), request, Catalog.builtIn()))
                .isInstanceOfSatisfying(QueryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.field()).isEqualTo("includeOthers");
                });
    }

    @Test
    default void comparesEachRowWithTheSameTupleInThePreviousPeriod() {
        Report expected = assertExtended(
                report("events", "uniqueUsers", "revenue").by("country").between(LATE_FALL, ContractDataset.FALL_TO),
                false,
                Compare.PREVIOUS_PERIOD);
        assertThat(expected.rows())
                .allSatisfy(row -> assertThat(row.previousValues()).hasSize(3));
        assertThat(expected.rows())
                .as("the previous period must hold events")
                .anySatisfy(row -> assertThat(row.previousValues().getFirst()).isPositive());
    }

    @Test
    default void comparesWithoutDimensionsAndOverAnEmptyPreviousPeriod() {
        Report expected = assertExtended(
                report("events", "sessions")
                        .between(ContractDataset.EMPTY_TO, ContractDataset.EMPTY_TO.plus(java.time.Duration.ofDays(7))),
                false,
                Compare.PREVIOUS_PERIOD);
        assertThat(expected.rows().getFirst().previousValues()).containsExactly(0.0, 0.0);
        assertThat(expected.rows().getFirst().changePercent()).containsExactly(null, null);
        assertExtended(
                report("events", "revenue").between(ContractDataset.SPRING_FROM, ContractDataset.SPRING_TO),
                false,
                Compare.PREVIOUS_PERIOD);
    }

    @Test
    default void comparesBucketIWithBucketIOfThePreviousPeriod() {
        assertExtended(
                report("events", "uniqueUsers").every(Granularity.WEEK).between(LATE_FALL, ContractDataset.FALL_TO),
                false,
                Compare.PREVIOUS_PERIOD);
        assertExtended(
                report("events")
                        .by("device")
                        .every(Granularity.DAY)
                        .in("Europe/Berlin")
                        .between(
                                java.time.Instant.parse("2026-10-20T00:00:00Z"),
                                java.time.Instant.parse("2026-11-03T00:00:00Z"))
                        .limit(2),
                false,
                Compare.PREVIOUS_PERIOD);
    }

    @Test
    default void comparesTheOthersRowToo() {
        Report expected = assertExtended(
                report("events", "uniqueUsers")
                        .by("country")
                        .between(LATE_FALL, ContractDataset.FALL_TO)
                        .limit(2),
                true,
                Compare.PREVIOUS_PERIOD);
        assertThat(expected.rows().getLast().others()).isTrue();
        assertThat(expected.rows().getLast().previousValues().getFirst()).isPositive();
    }

    private static ReportRequest with(ReportRequestBuilder builder, boolean includeOthers, @Nullable Compare compare) {
        ReportRequest r = builder.build();
        return new ReportRequest(
                r.metrics(),
                r.dimensions(),
                r.filters(),
                r.from(),
                r.to(),
                r.granularity(),
                r.timezone(),
                r.orderBy(),
                r.limit(),
                includeOthers,
                compare);
    }

    /** Runs the extended report on the engine, compares it with the independent oracle, returns the oracle's. */
    private Report assertExtended(ReportRequestBuilder builder, boolean includeOthers, @Nullable Compare compare) {
        ReportQuery query = new ReportRequestResolver(QueryLimits.defaults())
                .resolve(fixture().project(), with(builder, includeOthers, compare), Catalog.builtIn());
        Report expected = new ReportExtensionsOracle(fixture().dataset().events()).report(query);
        fixture()
                .storage()
                .report(query)
                .as(StepVerifier::create)
                .assertNext(actual -> {
                    ReportAssertions.assertSameReport(actual, expected);
                    for (int i = 0; i < expected.rows().size(); i++) {
                        ReportRow a = actual.rows().get(i);
                        ReportRow e = expected.rows().get(i);
                        assertThat(a.others()).as("others flag of row %d", i).isEqualTo(e.others());
                        assertSameValues("previousValues of row " + i, a.previousValues(), e.previousValues());
                        assertSameValues("changePercent of row " + i, a.changePercent(), e.changePercent());
                    }
                })
                .verifyComplete();
        return expected;
    }

    private static void assertSameValues(
            String what, @Nullable List<@Nullable Double> actual, @Nullable List<@Nullable Double> expected) {
        if (expected == null || actual == null) {
            assertThat(actual).as(what).isEqualTo(expected);
            return;
        }
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            if (!ReportAssertions.close(actual.get(i), expected.get(i))) {
                fail("%s differs at %d: engine %s, oracle %s", what, i, actual, expected);
            }
        }
    }
}
