package io.eventlens.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.query.ErrorCode;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.QueryException;
import io.eventlens.core.query.QueryLimits;
import io.eventlens.core.query.ReportRequest.FilterRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** A funnel request either resolves completely or is refused with a code and the path of the offending field. */
class FunnelResolverTests {

    private static final Instant FROM = Instant.parse("2026-05-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-05-08T00:00:00Z");

    private final FunnelResolver resolver = new FunnelResolver(QueryLimits.defaults());

    @Test
    void resolvesStepsFiltersWindowAndBreakdown() {
        FunnelQuery query = resolve(
                List.of(
                        step("signup"),
                        new EventSelectorRequest(
                                "purchase",
                                List.of(new FilterRequest("properties.plan", FilterOp.IN, List.of("pro", "team"))))),
                Duration.ofDays(7),
                "country",
                null);

        assertThat(query.steps()).extracting(EventSelector::type).containsExactly("signup", "purchase");
        assertThat(query.steps().get(1).filters())
                .singleElement()
                .satisfies(f -> assertThat(f.dimension()).isEqualTo(new Dimension.Property("plan")));
        assertThat(query.window()).isEqualTo(Duration.ofDays(7));
        assertThat(query.breakdown())
                .isNotNull()
                .extracting(Dimension::publicName)
                .isEqualTo("country");
        assertThat(query.breakdownLimit()).isEqualTo(FunnelResolver.DEFAULT_BREAKDOWN_LIMIT);
    }

    @Test
    void needsTwoToTenSteps() {
        assertRefused(List.of(step("signup")), Duration.ofDays(1), null, null, ErrorCode.INVALID_ARGUMENT, "steps");
        List<EventSelectorRequest> eleven = new ArrayList<>(Collections.nCopies(11, step("view")));
        assertRefused(eleven, Duration.ofDays(1), null, null, ErrorCode.INVALID_ARGUMENT, "steps");
        assertThat(resolve(Collections.nCopies(10, step("view")), Duration.ofDays(1), null, null)
                        .steps())
                .hasSize(10);
    }

    @Test
    void namesTheStepAndFilterAtFault() {
        assertRefused(
                List.of(step("a"), step(" ")),
                Duration.ofDays(1),
                null,
                null,
                ErrorCode.INVALID_ARGUMENT,
                "steps[1].type");
        assertRefused(
                List.of(
                        step("a"),
                        new EventSelectorRequest(
                                "b",
                                List.of(
                                        new FilterRequest("country", FilterOp.EQ, List.of("DE")),
                                        new FilterRequest("planet", FilterOp.EQ, List.of("mars"))))),
                Duration.ofDays(1),
                null,
                null,
                ErrorCode.UNKNOWN_DIMENSION,
                "steps[1].filters[1].dimension");
        assertRefused(
                List.of(
                        new EventSelectorRequest("a", List.of(new FilterRequest("country", FilterOp.GT, List.of("3")))),
                        step("b")),
                Duration.ofDays(1),
                null,
                null,
                ErrorCode.INVALID_FILTER,
                "steps[0].filters[0].op");
    }

    @Test
    void windowMustBePositiveAndAtMostAYear() {
        List<EventSelectorRequest> steps = List.of(step("a"), step("b"));
        assertRefused(steps, null, null, null, ErrorCode.INVALID_ARGUMENT, "window");
        assertRefused(steps, Duration.ZERO, null, null, ErrorCode.INVALID_ARGUMENT, "window");
        assertRefused(steps, Duration.ofSeconds(-1), null, null, ErrorCode.INVALID_ARGUMENT, "window");
        assertRefused(steps, Duration.ofDays(367), null, null, ErrorCode.INVALID_ARGUMENT, "window");
        assertThat(resolve(steps, Duration.ofDays(366), null, null).window()).isEqualTo(Duration.ofDays(366));
    }

    @Test
    void breakdownMustBeADimensionAndTheLimitInBounds() {
        List<EventSelectorRequest> steps = List.of(step("a"), step("b"));
        assertRefused(steps, Duration.ofDays(1), "city", null, ErrorCode.UNKNOWN_DIMENSION, "breakdown");
        assertRefused(steps, Duration.ofDays(1), "country", 0, ErrorCode.INVALID_LIMIT, "breakdownLimit");
        assertRefused(steps, Duration.ofDays(1), "country", 101, ErrorCode.INVALID_LIMIT, "breakdownLimit");
        assertThat(resolve(steps, Duration.ofDays(1), "properties.it's", 100).breakdown())
                .isEqualTo(new Dimension.Property("it's"));
    }

    @Test
    void theRangeIsRequiredAndOrdered() {
        FunnelRequest reversed =
                new FunnelRequest(List.of(step("a"), step("b")), Duration.ofDays(1), null, TO, FROM, null);
        assertThatThrownBy(() -> resolver.resolve(ProjectId.DEFAULT, reversed, Catalog.builtIn()))
                .isInstanceOfSatisfying(QueryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TIME_RANGE);
                    assertThat(e.field()).isEqualTo("to");
                });
        FunnelRequest open = new FunnelRequest(List.of(step("a"), step("b")), Duration.ofDays(1), null, null, TO, null);
        assertThatThrownBy(() -> resolver.resolve(ProjectId.DEFAULT, open, Catalog.builtIn()))
                .isInstanceOfSatisfying(
                        QueryException.class, e -> assertThat(e.field()).isEqualTo("from"));
    }

    private FunnelQuery resolve(
            List<EventSelectorRequest> steps,
            @Nullable Duration window,
            @Nullable String breakdown,
            @Nullable Integer limit) {
        return resolver.resolve(
                ProjectId.DEFAULT, new FunnelRequest(steps, window, breakdown, FROM, TO, limit), Catalog.builtIn());
    }

    private void assertRefused(
            List<EventSelectorRequest> steps,
            @Nullable Duration window,
            @Nullable String breakdown,
            @Nullable Integer limit,
            ErrorCode code,
            String field) {
        assertThatThrownBy(() -> resolve(steps, window, breakdown, limit))
                .isInstanceOfSatisfying(QueryException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).startsWith(field + ": ").doesNotContain(field + ": " + field);
                });
    }

    private static EventSelectorRequest step(String type) {
        return new EventSelectorRequest(type, null);
    }
}
