package io.eventlens.graphql;

import io.eventlens.core.analysis.RetentionRequest;
import io.eventlens.core.query.Granularity;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/** The GraphQL {@code RetentionInput}, turned into the engine-neutral {@link RetentionRequest}. */
record RetentionInput(
        EventSelectorInput startEvent,
        EventSelectorInput returnEvent,
        Granularity granularity,
        @Nullable String timezone,
        OffsetDateTime from,
        OffsetDateTime to,
        @Nullable Integer periods) {

    RetentionRequest toRequest() {
        return new RetentionRequest(
                startEvent.toRequest(),
                returnEvent.toRequest(),
                granularity,
                timezone,
                from.toInstant(),
                to.toInstant(),
                periods);
    }
}
