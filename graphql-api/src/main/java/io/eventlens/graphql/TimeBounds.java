package io.eventlens.graphql;

import io.eventlens.core.query.ErrorCode;
import io.eventlens.core.query.QueryException;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/** The optional {@code from}/{@code to} arguments of overview and events: either may be open, both must be ordered. */
record TimeBounds(@Nullable Instant from, @Nullable Instant to) {

    static TimeBounds of(@Nullable OffsetDateTime from, @Nullable OffsetDateTime to) {
        Instant start = from == null ? null : from.toInstant();
        Instant end = to == null ? null : to.toInstant();
        if (start != null && end != null && !start.isBefore(end)) {
            throw new QueryException(
                    ErrorCode.INVALID_TIME_RANGE, "to", "must be after from (" + start + "); the range is [from, to)");
        }
        return new TimeBounds(start, end);
    }
}
