package io.eventlens.graphql;

import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.ReportRequest.FilterRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The GraphQL {@code FilterInput}: a filter as the client wrote it. */
record FilterInput(String dimension, FilterOp op, List<String> values) {

    FilterRequest toRequest() {
        return new FilterRequest(dimension, op, values);
    }

    static @Nullable List<FilterRequest> toRequests(@Nullable List<FilterInput> inputs) {
        return inputs == null
                ? null
                : inputs.stream().map(FilterInput::toRequest).toList();
    }
}
