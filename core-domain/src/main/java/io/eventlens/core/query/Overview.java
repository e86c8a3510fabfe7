package io.eventlens.core.query;

/**
 * The headline numbers of a project over a range, plus the events of the last hour before "now".
 *
 * @param approximate whether {@code uniqueUsers} or {@code sessions} were estimated from sketches, which only an
 *     {@link OverviewQuery#approximate() approximate} query allows; every other number is always exact
 */
public record Overview(
        long events, long uniqueUsers, long sessions, double revenue, long eventsLastHour, boolean approximate) {

    /** Exact numbers. */
    public Overview(long events, long uniqueUsers, long sessions, double revenue, long eventsLastHour) {
        this(events, uniqueUsers, sessions, revenue, eventsLastHour, false);
    }
}
