package io.eventlens.core.analysis;

import io.eventlens.core.query.ReportRequest.FilterRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** An {@link EventSelector} as a client wrote it: an event type and optional filters, not yet checked. */
public record EventSelectorRequest(
        @Nullable String type, @Nullable List<FilterRequest> filters) {}
