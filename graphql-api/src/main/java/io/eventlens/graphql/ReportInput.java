package io.eventlens.graphql;

import io.eventlens.core.query.Compare;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.ReportRequest;
import io.eventlens.core.query.ReportRequest.Direction;
import io.eventlens.core.query.ReportRequest.OrderRequest;
import java.time.OffsetDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The GraphQL {@code ReportInput}, turned into the engine-neutral {@link ReportRequest} the core validates. */
record ReportInput(
        List<String> metrics,
        @Nullable List<String> dimensions,
        @Nullable List<FilterInput> filters,
        OffsetDateTime from,
        OffsetDateTime to,
        @Nullable Granularity granularity,
        @Nullable String timezone,
        @Nullable List<OrderInput> orderBy,
        @Nullable Integer limit,
        @Nullable Boolean includeOthers,
        @Nullable Compare compare,
        @Nullable Boolean approximate,
        @Nullable Boolean explain) {

    /** Whether the caller asked for the engine's own timings of the report's statements. */
    boolean explained() {
        return Boolean.TRUE.equals(explain);
    }

    /** The GraphQL {@code OrderInput}. */
    record OrderInput(String by, @Nullable Direction direction) {}

    ReportRequest toRequest() {
        return new ReportRequest(
                metrics,
                dimensions,
                FilterInput.toRequests(filters),
                from.toInstant(),
                to.toInstant(),
                granularity,
                timezone,
                orderBy == null
                        ? null
                        : orderBy.stream()
                                .map(o -> new OrderRequest(o.by(), o.direction()))
                                .toList(),
                limit,
                includeOthers,
                compare,
                approximate);
    }
}
