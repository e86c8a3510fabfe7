package io.eventlens.realtime;

import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.ReportRequest.FilterRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The GraphQL {@code FilterInput} of a subscription, as the client wrote it. */
record LiveFilterInput(String dimension, FilterOp op, List<String> values) {

    static @Nullable List<FilterRequest> toRequests(@Nullable List<LiveFilterInput> inputs) {
        return inputs == null
                ? null
                : inputs.stream()
                        .map(f -> new FilterRequest(f.dimension(), f.op(), f.values()))
                        .toList();
    }
}
