package io.eventlens.core.analysis;

import io.eventlens.core.query.Granularity;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A retention analysis as a client asked for it: names not yet resolved, values not yet checked. */
public record RetentionRequest(
        @Nullable EventSelectorRequest startEvent,
        @Nullable EventSelectorRequest returnEvent,
        @Nullable Granularity granularity,
        @Nullable String timezone,
        @Nullable Instant from,
        @Nullable Instant to,
        @Nullable Integer periods) {}
