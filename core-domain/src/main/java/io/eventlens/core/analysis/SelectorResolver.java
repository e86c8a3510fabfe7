package io.eventlens.core.analysis;

import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.query.ErrorCode;
import io.eventlens.core.query.FilterResolver;
import io.eventlens.core.query.QueryException;
import io.eventlens.core.query.QueryLimits;
import io.eventlens.core.query.TimeRange;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Checks the parts funnels and retention share: event selectors and the time range. */
final class SelectorResolver {

    private final FilterResolver filters;

    SelectorResolver(QueryLimits limits) {
        this.filters = new FilterResolver(limits);
    }

    /** Resolves a selector; errors name fields below {@code path}, e.g. {@code steps[1].filters[0].values}. */
    EventSelector resolve(@Nullable EventSelectorRequest request, String path, Catalog catalog) {
        if (request == null) {
            throw new QueryException(ErrorCode.INVALID_ARGUMENT, path, "is required");
        }
        String type = request.type();
        if (type == null || type.isBlank()) {
            throw new QueryException(ErrorCode.INVALID_ARGUMENT, path + ".type", "name an event type, e.g. signup");
        }
        if (FilterResolver.holdsNul(type)) {
            throw new QueryException(ErrorCode.INVALID_ARGUMENT, path + ".type", FilterResolver.NO_NUL);
        }
        try {
            return new EventSelector(type, filters.resolve(request.filters(), catalog));
        } catch (QueryException e) {
            // FilterResolver names paths below the operation's input; here they sit below the selector.
            String prefix = e.field() + ": ";
            String message = String.valueOf(e.getMessage());
            throw new QueryException(
                    e.code(),
                    path + "." + e.field(),
                    message.startsWith(prefix) ? message.substring(prefix.length()) : message);
        }
    }

    static TimeRange range(@Nullable Instant from, @Nullable Instant to) {
        return TimeRange.requested(from, to);
    }
}
