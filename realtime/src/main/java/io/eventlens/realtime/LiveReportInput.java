package io.eventlens.realtime;

import io.eventlens.core.query.ErrorCode;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.QueryException;
import io.eventlens.core.query.ReportRequest;
import io.eventlens.core.query.ReportRequest.Direction;
import io.eventlens.core.query.ReportRequest.OrderRequest;
import io.eventlens.core.query.TimeRange;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The GraphQL {@code LiveReportInput}: a {@code ReportInput} whose range is either fixed ({@code from} and {@code to})
 * or rolling ({@code last}). Being a record, it is also the key under which equal subscriptions share one
 * computation.
 */
record LiveReportInput(
        List<String> metrics,
        @Nullable List<String> dimensions,
        @Nullable List<LiveFilterInput> filters,
        @Nullable OffsetDateTime from,
        @Nullable OffsetDateTime to,
        @Nullable String last,
        @Nullable Granularity granularity,
        @Nullable String timezone,
        @Nullable List<OrderInput> orderBy,
        @Nullable Integer limit) {

    /** The GraphQL {@code OrderInput}. */
    record OrderInput(String by, @Nullable Direction direction) {}

    /** The rolling window, or null for a fixed range; checks that exactly one kind of range is given. */
    @Nullable
    RelativeRange rolling() {
        if (last != null) {
            if (from != null || to != null) {
                throw new QueryException(
                        ErrorCode.INVALID_TIME_RANGE,
                        "last",
                        "give either last (a rolling window) or from and to (a fixed range), not both");
            }
            return RelativeRange.parse(last, "last");
        }
        if (from == null) {
            throw new QueryException(ErrorCode.INVALID_TIME_RANGE, "from", "is required unless last is given");
        }
        if (to == null) {
            throw new QueryException(ErrorCode.INVALID_TIME_RANGE, "to", "is required unless last is given");
        }
        return null;
    }

    /** The request over the range that applies at {@code now}. */
    ReportRequest toRequest(Instant now) {
        RelativeRange window = rolling();
        TimeRange range = window != null ? window.at(now) : null;
        Instant start = range != null ? range.from() : fixed(from, "from");
        Instant end = range != null ? range.to() : fixed(to, "to");
        return new ReportRequest(
                metrics,
                dimensions,
                LiveFilterInput.toRequests(filters),
                start,
                end,
                granularity,
                timezone,
                orderBy == null
                        ? null
                        : orderBy.stream()
                                .map(o -> new OrderRequest(o.by(), o.direction()))
                                .toList(),
                limit);
    }

    /** An end of the fixed range (without a rolling one, {@link #rolling()} has checked that both are given). */
    private static Instant fixed(@Nullable OffsetDateTime end, String field) {
        if (end == null) {
            throw new QueryException(ErrorCode.INVALID_TIME_RANGE, field, "is required unless last is given");
        }
        return end.toInstant();
    }
}
