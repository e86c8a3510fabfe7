package io.eventlens.graphql;

import io.eventlens.core.query.TimeRange;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/** The optional {@code from}/{@code to} arguments of overview and events: either may be open, both must be ordered. */
record TimeBounds(@Nullable Instant from, @Nullable Instant to) {

    static TimeBounds of(@Nullable OffsetDateTime from, @Nullable OffsetDateTime to) {
        Instant start = from == null ? null : TimeRange.bounded("from", from.toInstant());
        Instant end = to == null ? null : TimeRange.bounded("to", to.toInstant());
        if (start != null && end != null) {
            TimeRange.checkOrder(start, end);
        }
        return new TimeBounds(start, end);
    }
}
