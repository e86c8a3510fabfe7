package io.eventlens.core.alert;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The state machine of one series: OK → PENDING (condition holds) → FIRING (held for {@code for}; notifies) →
 * RESOLVING (clear) → OK (clear for {@code resolveAfter}; notifies). A condition that comes back while PENDING or
 * RESOLVING simply continues where it was, so a flapping metric notifies once per incident.
 */
public final class SeriesTransitions {

    private SeriesTransitions() {}

    /**
     * The next state, or null when nothing changes.
     *
     * @param previous the metric over the windows before the current one, nearest first (see
     *                 {@link AlertCondition#breached})
     */
    public static @Nullable Next next(
            AlertRule rule, SeriesState current, @Nullable Double value, List<@Nullable Double> previous, Instant now) {
        boolean breached = rule.condition().breached(value, previous);
        return switch (current.state()) {
            case OK ->
                !breached
                        ? null
                        : rule.pendingFor().isZero()
                                ? fire(current, value, now)
                                : move(current, AlertState.PENDING, current.incident(), value, now, null);
            case PENDING ->
                !breached
                        ? move(current, AlertState.OK, current.incident(), value, now, null)
                        : !now.isBefore(current.since().plus(rule.pendingFor())) ? fire(current, value, now) : null;
            case FIRING ->
                breached
                        ? null
                        : rule.resolveAfter().isZero()
                                ? resolve(current, value, now)
                                : move(current, AlertState.RESOLVING, current.incident(), value, now, null);
            case RESOLVING ->
                breached
                        ? move(current, AlertState.FIRING, current.incident(), value, now, null)
                        : !now.isBefore(current.since().plus(rule.resolveAfter()))
                                ? resolve(current, value, now)
                                : null;
        };
    }

    /**
     * A change of state.
     *
     * @param notification the notification it calls for, or null
     */
    public record Next(SeriesState state, AlertNotification.@Nullable Kind notification) {}

    private static Next fire(SeriesState current, @Nullable Double value, Instant now) {
        return move(current, AlertState.FIRING, current.incident() + 1, value, now, AlertNotification.Kind.FIRING);
    }

    private static Next resolve(SeriesState current, @Nullable Double value, Instant now) {
        return move(current, AlertState.OK, current.incident(), value, now, AlertNotification.Kind.RESOLVED);
    }

    private static Next move(
            SeriesState current,
            AlertState state,
            long incident,
            @Nullable Double value,
            Instant now,
            AlertNotification.@Nullable Kind notification) {
        return new Next(
                new SeriesState(current.ruleId(), current.series(), state, now, incident, value, current.version() + 1),
                notification);
    }
}
