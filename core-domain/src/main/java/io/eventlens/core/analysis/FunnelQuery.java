package io.eventlens.core.analysis;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.query.TimeRange;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A validated funnel. Engines must answer it with these semantics (the storage contract suite checks them):
 *
 * <ul>
 *   <li>Only events with a user id count. A user <em>enters</em> the funnel with their earliest event matching
 *       step 1 inside {@code range} (ties on the timestamp: the smallest id); that event is the <em>anchor</em>, and
 *       a user has one anchor however often they repeat step 1.</li>
 *   <li>The user reaches step {@code n > 1} when an event matching it happened strictly after the event that
 *       reached step {@code n - 1} and at most {@code window} after the anchor ({@code anchor + window} itself
 *       counts). The earliest such event is the one that reaches step {@code n}: choosing the earliest never loses
 *       a later step. Later steps may fall after {@code range.to()}; an event never counts for two steps, and
 *       events at the same instant as the previous step are not "after" it.</li>
 *   <li>Per step: users who reached it; conversion from the previous step and from step 1 as fractions
 *       (0 when the denominator is 0; step 1 converts 1 from itself when it has users); the median of the seconds
 *       between reaching the previous step and this one (the mean of the two middle values for an even count; null
 *       for step 1 and for steps nobody reached).</li>
 *   <li>With a {@code breakdown}, users are also grouped by the dimension's value on their anchor event: the
 *       {@code breakdownLimit} groups with most entered users, ties by value in code-point order, the null group
 *       last. The overall steps always count every user.</li>
 * </ul>
 */
public record FunnelQuery(
        ProjectId project,
        List<EventSelector> steps,
        Duration window,
        @Nullable Dimension breakdown,
        TimeRange range,
        int breakdownLimit) {

    /** The most steps a funnel may have. */
    public static final int MAX_STEPS = 10;

    public FunnelQuery {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(range, "range");
        steps = List.copyOf(steps);
        if (steps.size() < 2 || steps.size() > MAX_STEPS) {
            throw new IllegalArgumentException("a funnel has 2 to " + MAX_STEPS + " steps: " + steps.size());
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        if (breakdownLimit < 1) {
            throw new IllegalArgumentException("breakdownLimit must be positive: " + breakdownLimit);
        }
    }
}
