package io.eventlens.core.query;

import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.query.ReportRequest.FilterRequest;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Turns client filters into resolved {@link Filter}s, or refuses them naming the offending part. */
public final class FilterResolver {

    /** Why text holding the NUL character is refused. */
    public static final String NO_NUL = "must not contain the NUL character (\\u0000): no event holds one";

    private final QueryLimits limits;

    public FilterResolver(QueryLimits limits) {
        this.limits = limits;
    }

    public List<Filter> resolve(@Nullable List<FilterRequest> requests, Catalog catalog) {
        if (requests == null) {
            return List.of();
        }
        if (requests.size() > limits.maxFilters()) {
            throw new QueryException(
                    ErrorCode.INVALID_FILTER,
                    "filters",
                    "at most " + limits.maxFilters() + " filters are allowed, got " + requests.size());
        }
        List<Filter> filters = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            filters.add(resolve(requests.get(i), "filters[" + i + "]", catalog));
        }
        return filters;
    }

    private Filter resolve(FilterRequest request, String field, Catalog catalog) {
        Dimension dimension = catalog.dimension(request.dimension())
                .orElseThrow(() -> new QueryException(
                        ErrorCode.UNKNOWN_DIMENSION,
                        field + ".dimension",
                        "unknown dimension '" + request.dimension() + "'; use one of "
                                + NameLists.dimensions(catalog)));
        FilterOp op = request.op();
        List<String> values = request.values();
        if (values.isEmpty()) {
            throw new QueryException(ErrorCode.INVALID_FILTER, field + ".values", op + " needs at least one value");
        }
        if (op.singleValued() && values.size() != 1) {
            throw new QueryException(
                    ErrorCode.INVALID_FILTER,
                    field + ".values",
                    op + " takes exactly one value, got " + values.size() + "; use IN or NOT_IN for several");
        }
        if (values.size() > limits.maxFilterValues()) {
            throw new QueryException(
                    ErrorCode.INVALID_FILTER,
                    field + ".values",
                    "at most " + limits.maxFilterValues() + " values are allowed, got " + values.size());
        }
        for (int i = 0; i < values.size(); i++) {
            if (holdsNul(values.get(i))) {
                // No event holds one (ingest refuses them), and an engine's text may not even compare with one.
                throw new QueryException(ErrorCode.INVALID_FILTER, field + ".values[" + i + "]", NO_NUL);
            }
        }
        if (op.numeric()) {
            if (!dimension.comparableAsNumber()) {
                throw new QueryException(
                        ErrorCode.INVALID_FILTER,
                        field + ".op",
                        op + " compares numbers, but '" + dimension.publicName()
                                + "' is text; use EQ, NEQ, IN, NOT_IN or CONTAINS");
            }
            if (!isFiniteNumber(values.getFirst())) {
                throw new QueryException(
                        ErrorCode.INVALID_FILTER,
                        field + ".values[0]",
                        op + " needs a number, got '" + values.getFirst() + "'");
            }
        }
        return new Filter(dimension, op, values);
    }

    /** Whether the text holds the NUL character, which no stored text can. */
    public static boolean holdsNul(String text) {
        return text.indexOf('\u0000') >= 0;
    }

    private static boolean isFiniteNumber(String text) {
        try {
            return Double.isFinite(Double.parseDouble(text.strip()));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
