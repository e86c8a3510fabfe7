package io.eventlens.core.query;

/** The headline numbers of a project over a range, plus the events of the last hour before "now". */
public record Overview(long events, long uniqueUsers, long sessions, double revenue, long eventsLastHour) {
}
