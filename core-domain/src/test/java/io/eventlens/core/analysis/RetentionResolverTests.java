package io.eventlens.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.query.ErrorCode;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.QueryException;
import io.eventlens.core.query.QueryLimits;
import io.eventlens.core.query.ReportRequest.FilterRequest;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A retention request either resolves completely or is refused with a code and the path of the offending field. */
class RetentionResolverTests {

    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-04-01T00:00:00Z");
    private static final EventSelectorRequest SIGNUP = new EventSelectorRequest("signup", null);
    private static final EventSelectorRequest OPEN = new EventSelectorRequest("open", null);

    private final RetentionResolver resolver = new RetentionResolver(QueryLimits.defaults());

    @Test
    void resolvesWithDefaults() {
        RetentionQuery query = resolve(SIGNUP, OPEN, Granularity.WEEK, null, FROM, TO, null);

        assertThat(query.start().type()).isEqualTo("signup");
        assertThat(query.returning().type()).isEqualTo("open");
        assertThat(query.zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(query.periods()).isEqualTo(RetentionResolver.DEFAULT_PERIODS);
        assertThat(resolve(SIGNUP, OPEN, Granularity.DAY, "Asia/Kathmandu", FROM, TO, 0)
                        .zone())
                .isEqualTo(ZoneId.of("Asia/Kathmandu"));
    }

    @ParameterizedTest
    @EnumSource(
            value = Granularity.class,
            names = {"MINUTE", "HOUR"})
    void cohortsAreDaysWeeksOrMonths(Granularity granularity) {
        assertRefused(
                () -> resolve(SIGNUP, OPEN, granularity, null, FROM, TO, null),
                ErrorCode.INVALID_ARGUMENT,
                "granularity");
    }

    @Test
    void refusesNamingTheField() {
        assertRefused(
                () -> resolve(null, OPEN, Granularity.DAY, null, FROM, TO, null),
                ErrorCode.INVALID_ARGUMENT,
                "startEvent");
        assertRefused(
                () -> resolve(SIGNUP, new EventSelectorRequest("", null), Granularity.DAY, null, FROM, TO, null),
                ErrorCode.INVALID_ARGUMENT,
                "returnEvent.type");
        assertRefused(
                () -> resolve(
                        SIGNUP,
                        new EventSelectorRequest(
                                "open", List.of(new FilterRequest("planet", FilterOp.EQ, List.of("x")))),
                        Granularity.DAY,
                        null,
                        FROM,
                        TO,
                        null),
                ErrorCode.UNKNOWN_DIMENSION,
                "returnEvent.filters[0].dimension");
        assertRefused(
                () -> resolve(SIGNUP, OPEN, null, null, FROM, TO, null), ErrorCode.INVALID_ARGUMENT, "granularity");
        assertRefused(
                () -> resolve(SIGNUP, OPEN, Granularity.DAY, "CEST", FROM, TO, null),
                ErrorCode.INVALID_TIMEZONE,
                "timezone");
        assertRefused(
                () -> resolve(SIGNUP, OPEN, Granularity.DAY, null, TO, FROM, null), ErrorCode.INVALID_TIME_RANGE, "to");
        assertRefused(
                () -> resolve(SIGNUP, OPEN, Granularity.DAY, null, FROM, TO, -1), ErrorCode.INVALID_LIMIT, "periods");
        assertRefused(
                () -> resolve(SIGNUP, OPEN, Granularity.DAY, null, FROM, TO, 5001), ErrorCode.INVALID_LIMIT, "periods");
    }

    @Test
    void refusesMoreCohortsThanTheBucketLimit() {
        Instant longAgo = Instant.parse("2000-01-01T00:00:00Z");
        assertRefused(
                () -> resolve(SIGNUP, OPEN, Granularity.DAY, null, longAgo, TO, null),
                ErrorCode.TOO_MANY_BUCKETS,
                "granularity");
        assertThat(resolve(SIGNUP, OPEN, Granularity.MONTH, null, longAgo, TO, null)
                        .granularity())
                .isEqualTo(Granularity.MONTH);
    }

    private RetentionQuery resolve(
            @Nullable EventSelectorRequest start,
            @Nullable EventSelectorRequest back,
            @Nullable Granularity granularity,
            @Nullable String zone,
            Instant from,
            Instant to,
            @Nullable Integer periods) {
        return resolver.resolve(
                ProjectId.DEFAULT,
                new RetentionRequest(start, back, granularity, zone, from, to, periods),
                Catalog.builtIn());
    }

    private static void assertRefused(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(QueryException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.field()).isEqualTo(field);
        });
    }
}
