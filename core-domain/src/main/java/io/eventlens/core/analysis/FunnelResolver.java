package io.eventlens.core.analysis;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.query.ErrorCode;
import io.eventlens.core.query.QueryException;
import io.eventlens.core.query.QueryLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Validates a {@link FunnelRequest} against a catalog, producing a {@link FunnelQuery}. */
public final class FunnelResolver {

    /** The longest conversion window: a year keeps the scan after the range bounded. */
    public static final Duration MAX_WINDOW = Duration.ofDays(366);

    public static final int DEFAULT_BREAKDOWN_LIMIT = 20;
    public static final int MAX_BREAKDOWN_LIMIT = 100;

    private final SelectorResolver selectors;

    public FunnelResolver(QueryLimits limits) {
        this.selectors = new SelectorResolver(limits);
    }

    public FunnelQuery resolve(ProjectId project, FunnelRequest request, Catalog catalog) {
        List<EventSelectorRequest> requested = request.steps() == null ? List.of() : request.steps();
        if (requested.size() < 2 || requested.size() > FunnelQuery.MAX_STEPS) {
            throw new QueryException(
                    ErrorCode.INVALID_ARGUMENT,
                    "steps",
                    "a funnel has 2 to " + FunnelQuery.MAX_STEPS + " steps, got " + requested.size());
        }
        List<EventSelector> steps = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            steps.add(selectors.resolve(requested.get(i), "steps[" + i + "]", catalog));
        }
        Duration window = window(request.window());
        Dimension breakdown = breakdown(request.breakdown(), catalog);
        return new FunnelQuery(
                project,
                steps,
                window,
                breakdown,
                SelectorResolver.range(request.from(), request.to()),
                limit(request.breakdownLimit()));
    }

    private static Duration window(@Nullable Duration window) {
        if (window == null) {
            throw new QueryException(ErrorCode.INVALID_ARGUMENT, "window", "is required, e.g. 1 day");
        }
        if (window.isNegative() || window.isZero()) {
            throw new QueryException(ErrorCode.INVALID_ARGUMENT, "window", "must be positive, got " + window);
        }
        if (window.compareTo(MAX_WINDOW) > 0) {
            throw new QueryException(
                    ErrorCode.INVALID_ARGUMENT,
                    "window",
                    "must be at most " + MAX_WINDOW.toDays() + " days, got " + window);
        }
        return window;
    }

    private static @Nullable Dimension breakdown(@Nullable String name, Catalog catalog) {
        if (name == null) {
            return null;
        }
        return catalog.dimension(name)
                .orElseThrow(() -> new QueryException(
                        ErrorCode.UNKNOWN_DIMENSION,
                        "breakdown",
                        "unknown dimension '" + name + "'; use one of "
                                + catalog.dimensions().stream()
                                        .map(Dimension::publicName)
                                        .collect(Collectors.joining(", "))
                                + " or properties.<key>"));
    }

    private static int limit(@Nullable Integer limit) {
        if (limit == null) {
            return DEFAULT_BREAKDOWN_LIMIT;
        }
        if (limit < 1 || limit > MAX_BREAKDOWN_LIMIT) {
            throw new QueryException(
                    ErrorCode.INVALID_LIMIT,
                    "breakdownLimit",
                    "must be between 1 and " + MAX_BREAKDOWN_LIMIT + ", got " + limit);
        }
        return limit;
    }
}
