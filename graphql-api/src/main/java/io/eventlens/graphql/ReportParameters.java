package io.eventlens.graphql;

import io.eventlens.core.query.ErrorCode;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.QueryException;
import io.eventlens.core.query.ReportRequest;
import io.eventlens.core.query.ReportRequest.Direction;
import io.eventlens.core.query.ReportRequest.FilterRequest;
import io.eventlens.core.query.ReportRequest.OrderRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.util.MultiValueMap;

/**
 * Reads a report from URL query parameters: {@code metrics} and {@code dimensions} as comma-separated names (or
 * repeated), {@code from}/{@code to} as ISO-8601 date-times with offset, {@code granularity}, {@code timezone},
 * {@code limit}, repeated {@code filter=<dimension>:<OP>:<value>[,<value>...]} and {@code orderBy=<name>[:ASC|DESC]}.
 * Field paths in errors use the GraphQL input's names, so both APIs report the same fields.
 */
final class ReportParameters {

    private ReportParameters() {}

    static ReportRequest read(MultiValueMap<String, String> params) {
        // No metrics: the resolver refuses an empty list as it would a missing one.
        return new ReportRequest(
                Objects.requireNonNullElse(names(params.get("metrics")), List.of()),
                names(params.get("dimensions")),
                filters(params.get("filter")),
                instant(params, "from"),
                instant(params, "to"),
                granularity(params.getFirst("granularity")),
                params.getFirst("timezone"),
                orderBy(params.get("orderBy")),
                limit(params.getFirst("limit")));
    }

    /** Builds the request from a POSTed {@code ReportInput}, whose required fields JSON may have left out. */
    static ReportRequest of(ReportInput input) {
        List<FilterInput> filters = input.filters() == null ? List.of() : input.filters();
        for (int i = 0; i < filters.size(); i++) {
            FilterInput filter = filters.get(i);
            String field = "filters[" + i + "]";
            if (filter == null || filter.dimension() == null) {
                throw new QueryException(ErrorCode.INVALID_FILTER, field + ".dimension", "is required");
            }
            if (filter.op() == null) {
                throw new QueryException(ErrorCode.INVALID_FILTER, field + ".op", "is required, e.g. EQ");
            }
            if (filter.values() == null) {
                throw new QueryException(ErrorCode.INVALID_FILTER, field + ".values", "is required");
            }
            noNulls(filter.values(), field + ".values", ErrorCode.INVALID_FILTER);
        }
        // Past the checks toRequest needs, the conversion is the GraphQL one: both APIs answer the same report.
        if (input.from() == null) {
            throw new QueryException(ErrorCode.INVALID_TIME_RANGE, "from", "is required");
        }
        if (input.to() == null) {
            throw new QueryException(ErrorCode.INVALID_TIME_RANGE, "to", "is required");
        }
        if (input.metrics() == null) {
            throw new QueryException(ErrorCode.UNKNOWN_METRIC, "metrics", "name at least one metric, e.g. events");
        }
        noNulls(input.metrics(), "metrics", ErrorCode.UNKNOWN_METRIC);
        noNulls(input.dimensions(), "dimensions", ErrorCode.UNKNOWN_DIMENSION);
        List<ReportInput.OrderInput> orderBy = input.orderBy() == null ? List.of() : input.orderBy();
        for (int i = 0; i < orderBy.size(); i++) {
            if (orderBy.get(i) == null || orderBy.get(i).by() == null) {
                throw new QueryException(ErrorCode.INVALID_ORDER, "orderBy[" + i + "]", "name a metric or dimension");
            }
        }
        return input.toRequest();
    }

    /** JSON may put null where GraphQL's schema would not let it: each list element must be there. */
    private static void noNulls(@Nullable List<?> values, String field, ErrorCode code) {
        if (values == null) {
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new QueryException(code, field + "[" + i + "]", "must not be null");
            }
        }
    }

    private static @Nullable List<String> names(@Nullable List<String> values) {
        if (values == null) {
            return null;
        }
        return values.stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static @Nullable Instant instant(MultiValueMap<String, String> params, String name) {
        String value = params.getFirst(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new QueryException(
                    ErrorCode.INVALID_TIME_RANGE,
                    name,
                    "'" + value + "' is not an ISO-8601 date-time with offset, e.g. 2026-05-01T00:00:00Z");
        }
    }

    private static @Nullable Granularity granularity(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Granularity.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new QueryException(
                    ErrorCode.INVALID_ARGUMENT,
                    "granularity",
                    "'" + value + "' is not one of " + Arrays.toString(Granularity.values()));
        }
    }

    private static @Nullable Integer limit(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new QueryException(ErrorCode.INVALID_LIMIT, "limit", "'" + value + "' is not a whole number");
        }
    }

    private static @Nullable List<FilterRequest> filters(@Nullable List<String> values) {
        if (values == null) {
            return null;
        }
        List<FilterRequest> filters = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String text = values.get(i);
            String field = "filters[" + i + "]";
            // dimension:OP:values — the dimension and operator hold no colon, so values may.
            String[] parts = text.split(":", 3);
            if (parts.length < 3 || parts[0].isBlank()) {
                throw new QueryException(
                        ErrorCode.INVALID_FILTER,
                        field,
                        "'" + text + "' is not <dimension>:<OP>:<value>[,<value>...], e.g. country:EQ:DE");
            }
            FilterOp op;
            try {
                op = FilterOp.valueOf(parts[1].strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new QueryException(
                        ErrorCode.INVALID_FILTER,
                        field + ".op",
                        "'" + parts[1] + "' is not one of " + Arrays.toString(FilterOp.values()));
            }
            // Only set operators take several values; a comma in a single value stays part of it.
            List<String> operands =
                    op == FilterOp.IN || op == FilterOp.NOT_IN ? List.of(parts[2].split(",", -1)) : List.of(parts[2]);
            filters.add(new FilterRequest(parts[0].strip(), op, operands));
        }
        return filters;
    }

    private static @Nullable List<OrderRequest> orderBy(@Nullable List<String> values) {
        if (values == null) {
            return null;
        }
        List<OrderRequest> orders = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String[] parts = values.get(i).split(":", 2);
            Direction direction = null;
            if (parts.length == 2) {
                try {
                    direction = Direction.valueOf(parts[1].strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new QueryException(
                            ErrorCode.INVALID_ORDER,
                            "orderBy[" + i + "].direction",
                            "'" + parts[1] + "' is not ASC or DESC");
                }
            }
            orders.add(new OrderRequest(parts[0].strip(), direction));
        }
        return orders;
    }
}
