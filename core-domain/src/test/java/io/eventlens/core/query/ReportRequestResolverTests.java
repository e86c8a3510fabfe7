package io.eventlens.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.query.ReportRequest.Direction;
import io.eventlens.core.query.ReportRequest.FilterRequest;
import io.eventlens.core.query.ReportRequest.OrderRequest;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every refusal names its error code and field; every default is what the API documents. */
class ReportRequestResolverTests {

    private static final ProjectId PROJECT = new ProjectId("resolver-tests");
    private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-03-08T00:00:00Z");

    private final ReportRequestResolver resolver = new ReportRequestResolver(QueryLimits.defaults());

    @Test
    void resolvesNamesThroughTheCatalog() {
        ReportQuery query = resolve(request(
                List.of("revenue", "events"),
                List.of("country", "properties.plan"),
                List.of(new FilterRequest("device", FilterOp.EQ, List.of("mobile"))),
                FROM,
                TO,
                Granularity.DAY,
                "Europe/Berlin",
                null,
                5));
        assertThat(query.project()).isEqualTo(PROJECT);
        assertThat(query.metrics()).containsExactly(BuiltInMetric.REVENUE, BuiltInMetric.EVENTS);
        assertThat(query.dimensions())
                .containsExactly(new Dimension.Column(EventColumn.COUNTRY), new Dimension.Property("plan"));
        assertThat(query.filters())
                .containsExactly(new Filter(new Dimension.Column(EventColumn.DEVICE), FilterOp.EQ, List.of("mobile")));
        assertThat(query.range()).isEqualTo(new TimeRange(FROM, TO));
        assertThat(query.granularity()).isEqualTo(Granularity.DAY);
        assertThat(query.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(query.limit()).isEqualTo(5);
        assertThat(query.columns()).containsExactly("country", "properties.plan", "revenue", "events");
    }

    @Test
    void defaultsToTheFirstMetricDescendingTheDefaultLimitAndUtc() {
        ReportQuery query =
                resolve(request(List.of("sessions", "events"), null, null, FROM, TO, null, null, null, null));
        assertThat(query.orderBy()).containsExactly(new SortKey.ByMetric(0, true));
        assertThat(query.limit()).isEqualTo(100);
        assertThat(query.zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(query.dimensions()).isEmpty();
        assertThat(query.filters()).isEmpty();
        assertThat(query.granularity()).isNull();
    }

    @Test
    void treatsABlankTimezoneAsUtcAndAcceptsOffsets() {
        assertThat(resolve(request(List.of("events"), null, null, FROM, TO, null, "  ", null, null))
                        .zone())
                .isEqualTo(ZoneOffset.UTC);
        assertThat(resolve(request(List.of("events"), null, null, FROM, TO, null, "+05:45", null, null))
                        .zone())
                .isEqualTo(ZoneOffset.ofHoursMinutes(5, 45));
        assertThat(resolve(request(List.of("events"), null, null, FROM, TO, null, " Asia/Kolkata ", null, null))
                        .zone())
                .isEqualTo(ZoneId.of("Asia/Kolkata"));
    }

    @Test
    void ordersMetricsDescendingAndDimensionsAscendingUnlessTold() {
        ReportQuery query = resolve(request(
                List.of("events", "revenue"),
                List.of("country", "device"),
                null,
                FROM,
                TO,
                null,
                null,
                List.of(
                        new OrderRequest("device", null),
                        new OrderRequest("revenue", null),
                        new OrderRequest("country", Direction.DESC),
                        new OrderRequest("events", Direction.ASC)),
                null));
        assertThat(query.orderBy())
                .containsExactly(
                        new SortKey.ByDimension(1, false),
                        new SortKey.ByMetric(1, true),
                        new SortKey.ByDimension(0, true),
                        new SortKey.ByMetric(0, false));
    }

    @Test
    void acceptsTheLargestLimitAndExactlyTheMaximumOfBuckets() {
        assertThat(resolve(request(List.of("events"), null, null, FROM, TO, null, null, null, 10_000))
                        .limit())
                .isEqualTo(10_000);
        Instant fiveThousandHours = FROM.plusSeconds(5000L * 3600);
        assertThat(resolve(request(
                                List.of("events"),
                                null,
                                null,
                                FROM,
                                fiveThousandHours,
                                Granularity.HOUR,
                                null,
                                null,
                                null))
                        .granularity())
                .isEqualTo(Granularity.HOUR);
    }

    @Test
    void refusesAReportWithoutMetrics() {
        assertRefused(
                request(List.of(), null, null, FROM, TO, null, null, null, null), ErrorCode.UNKNOWN_METRIC, "metrics");
    }

    @Test
    void refusesAnUnknownMetricNamingItsPosition() {
        assertRefused(
                        request(List.of("events", "exitRate"), null, null, FROM, TO, null, null, null, null),
                        ErrorCode.UNKNOWN_METRIC,
                        "metrics[1]")
                .hasMessageContaining("exitRate")
                .hasMessageContaining("uniqueUsers");
    }

    @Test
    void refusesMoreMetricsThanTheLimit() {
        assertRefused(
                request(Collections.nCopies(21, "events"), null, null, FROM, TO, null, null, null, null),
                ErrorCode.INVALID_ARGUMENT,
                "metrics");
    }

    @ParameterizedTest
    @ValueSource(strings = {"planet", "properties.", "Country", "properties.a\u0000b"})
    void refusesAnUnknownDimensionNamingItsPosition(String name) {
        assertRefused(
                request(List.of("events"), List.of("country", name), null, FROM, TO, null, null, null, null),
                ErrorCode.UNKNOWN_DIMENSION,
                "dimensions[1]");
    }

    @Test
    void refusesAPropertyKeyLongerThanTheCatalogAllows() {
        String key = "k".repeat(Catalog.MAX_PROPERTY_KEY_LENGTH + 1);
        assertRefused(
                request(List.of("events"), List.of("properties." + key), null, FROM, TO, null, null, null, null),
                ErrorCode.UNKNOWN_DIMENSION,
                "dimensions[0]");
        assertThat(resolve(request(
                                List.of("events"),
                                List.of("properties." + key.substring(1)),
                                null,
                                FROM,
                                TO,
                                null,
                                null,
                                null,
                                null))
                        .dimensions())
                .hasSize(1);
    }

    @Test
    void refusesMoreDimensionsThanTheLimit() {
        assertRefused(
                request(
                        List.of("events"),
                        List.of("type", "country", "device", "browser", "os", "page"),
                        null,
                        FROM,
                        TO,
                        null,
                        null,
                        null,
                        null),
                ErrorCode.INVALID_ARGUMENT,
                "dimensions");
    }

    @Test
    void refusesADimensionNamedTwice() {
        assertRefused(
                request(
                        List.of("events"),
                        List.of("country", "device", "country"),
                        null,
                        FROM,
                        TO,
                        null,
                        null,
                        null,
                        null),
                ErrorCode.INVALID_ARGUMENT,
                "dimensions[2]");
    }

    @Test
    void refusesABadFilterNamingItsPath() {
        assertRefused(
                request(
                        List.of("events"),
                        null,
                        List.of(
                                new FilterRequest("country", FilterOp.EQ, List.of("DE")),
                                new FilterRequest("planet", FilterOp.EQ, List.of("x"))),
                        FROM,
                        TO,
                        null,
                        null,
                        null,
                        null),
                ErrorCode.UNKNOWN_DIMENSION,
                "filters[1].dimension");
    }

    @Test
    void refusesAMissingFromOrTo() {
        assertRefused(
                request(List.of("events"), null, null, null, TO, null, null, null, null),
                ErrorCode.INVALID_TIME_RANGE,
                "from");
        assertRefused(
                request(List.of("events"), null, null, FROM, null, null, null, null, null),
                ErrorCode.INVALID_TIME_RANGE,
                "to");
    }

    @Test
    void refusesAnEmptyOrBackwardRange() {
        assertRefused(
                request(List.of("events"), null, null, FROM, FROM, null, null, null, null),
                ErrorCode.INVALID_TIME_RANGE,
                "to");
        assertRefused(
                request(List.of("events"), null, null, TO, FROM, null, null, null, null),
                ErrorCode.INVALID_TIME_RANGE,
                "to");
    }

    /** Instant.MAX and its like parse as instants; PostgreSQL refused them as a storage failure (HttpFuzzTests). */
    @Test
    void refusesInstantsNoEngineCanReadNamingTheField() {
        Instant farFuture = Instant.parse("+999999999-12-31T23:59:59Z");
        Instant farPast = Instant.parse("0001-01-01T00:00:00Z");
        assertRefused(
                        request(List.of("events"), null, null, FROM, farFuture, null, null, null, null),
                        ErrorCode.INVALID_TIME_RANGE,
                        "to")
                .hasMessageContaining("1900-01-01T00:00:00Z");
        assertRefused(
                request(List.of("events"), null, null, farPast, TO, null, null, null, null),
                ErrorCode.INVALID_TIME_RANGE,
                "from");
        assertRefused(
                request(
                        List.of("events"),
                        null,
                        null,
                        FROM,
                        Instant.parse("2300-01-01T00:00:00Z"),
                        null,
                        null,
                        null,
                        null),
                ErrorCode.INVALID_TIME_RANGE,
                "to");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Mars/Olympus_Mons", "CEST", "+25:00", "Europe/"})
    void refusesAnUnknownTimezone(String timezone) {
        assertRefused(
                        request(List.of("events"), null, null, FROM, TO, null, timezone, null, null),
                        ErrorCode.INVALID_TIMEZONE,
                        "timezone")
                .hasMessageContaining(timezone);
    }

    @Test
    void refusesMoreBucketsThanTheLimit() {
        Instant fiveThousandAndOneHours = FROM.plusSeconds(5001L * 3600);
        assertRefused(
                request(
                        List.of("events"),
                        null,
                        null,
                        FROM,
                        fiveThousandAndOneHours,
                        Granularity.HOUR,
                        null,
                        null,
                        null),
                ErrorCode.TOO_MANY_BUCKETS,
                "granularity");
        assertRefused(
                request(List.of("events"), null, null, FROM, TO, Granularity.MINUTE, null, null, null),
                ErrorCode.TOO_MANY_BUCKETS,
                "granularity");
    }

    @Test
    void refusesOrderingByANameNotInTheReport() {
        assertRefused(
                        request(
                                List.of("events"),
                                List.of("country"),
                                null,
                                FROM,
                                TO,
                                null,
                                null,
                                List.of(new OrderRequest("events", null), new OrderRequest("device", Direction.ASC)),
                                null),
                        ErrorCode.INVALID_ORDER,
                        "orderBy[1].by")
                .hasMessageContaining("device");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 10_001})
    void refusesALimitOutsideItsBounds(int limit) {
        assertRefused(
                request(List.of("events"), null, null, FROM, TO, null, null, null, limit),
                ErrorCode.INVALID_LIMIT,
                "limit");
    }

    private ReportQuery resolve(ReportRequest request) {
        return resolver.resolve(PROJECT, request, Catalog.builtIn());
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
            ReportRequest request, ErrorCode code, String field) {
        return assertThatThrownBy(() -> resolve(request)).isInstanceOfSatisfying(QueryException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.field()).isEqualTo(field);
        });
    }

    private static ReportRequest request(
            List<String> metrics,
            @Nullable List<String> dimensions,
            @Nullable List<FilterRequest> filters,
            @Nullable Instant from,
            @Nullable Instant to,
            @Nullable Granularity granularity,
            @Nullable String timezone,
            @Nullable List<OrderRequest> orderBy,
            @Nullable Integer limit) {
        return new ReportRequest(metrics, dimensions, filters, from, to, granularity, timezone, orderBy, limit);
    }
}
