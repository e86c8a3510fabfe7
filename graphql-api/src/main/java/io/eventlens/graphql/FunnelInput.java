package io.eventlens.graphql;

import io.eventlens.core.analysis.FunnelRequest;
import io.eventlens.core.query.ErrorCode;
import io.eventlens.core.query.QueryException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The GraphQL {@code FunnelInput}, turned into the engine-neutral {@link FunnelRequest} the core validates. */
record FunnelInput(
        List<EventSelectorInput> steps,
        String window,
        @Nullable String breakdown,
        @Nullable Integer breakdownLimit,
        OffsetDateTime from,
        OffsetDateTime to) {

    FunnelRequest toRequest() {
        return new FunnelRequest(
                steps.stream().map(EventSelectorInput::toRequest).toList(),
                window(window),
                breakdown,
                from.toInstant(),
                to.toInstant(),
                breakdownLimit);
    }

    private static Duration window(String text) {
        try {
            return Duration.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new QueryException(
                    ErrorCode.INVALID_ARGUMENT,
                    "window",
                    "'" + text + "' is not an ISO-8601 duration; write e.g. PT30M, PT1H, P1D or P7D");
        }
    }
}
