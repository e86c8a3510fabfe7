package io.eventlens.core.anomaly;

import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.ReportRequest.FilterRequest;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** An anomaly scan as a client asked for it: names not yet resolved, values not yet checked. */
public record AnomalyRequest(
        String metric,
        Granularity granularity,
        Instant from,
        Instant to,
        @Nullable Double threshold,
        @Nullable Integer window,
        @Nullable String timezone,
        @Nullable List<FilterRequest> filters) {}
