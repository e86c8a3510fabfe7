package io.eventlens.core.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A funnel as a client asked for it: names not yet resolved, values not yet checked. */
public record FunnelRequest(
        @Nullable List<EventSelectorRequest> steps,
        @Nullable Duration window,
        @Nullable String breakdown,
        @Nullable Instant from,
        @Nullable Instant to,
        @Nullable Integer breakdownLimit) {}
