package io.eventlens.core.catalog;

/**
 * The metrics every project has. The counting ones are 0, never null, over a range without events; the
 * {@linkplain #perSession() per-session} ones are null where there is no session.
 */
public enum BuiltInMetric implements Metric {
    /** Number of events. */
    EVENTS("events", "Number of events", "events"),
    /** Distinct non-null user ids. */
    UNIQUE_USERS("uniqueUsers", "Distinct users (events without a user id are not counted)", "users"),
    /** Distinct non-null session ids. */
    SESSIONS("sessions", "Distinct sessions (events without a session id are not counted)", "sessions"),
    /** Sum of revenue; events without revenue add nothing. */
    REVENUE("revenue", "Sum of revenue, added up as exact decimals (each amount to 15 significant digits)", "currency"),
    /** Share of sessions with exactly one {@code page_view} event. */
    BOUNCE_RATE("bounceRate", "Share of sessions with exactly one page_view event (0 to 1)", "ratio"),
    /** Average over sessions of last minus first event time, in seconds. */
    AVG_SESSION_DURATION(
            "avgSessionDuration", "Average session duration: last minus first event, in seconds", "seconds"),
    /** {@code page_view} events in sessions per session. */
    PAGES_PER_SESSION("pagesPerSession", "Average number of page_view events per session", "pages");

    /** The event type that counts as a page for the per-session metrics. */
    public static final String PAGE_EVENT_TYPE = "page_view";

    private final String publicName;
    private final String description;
    private final String unit;

    BuiltInMetric(String publicName, String description, String unit) {
        this.publicName = publicName;
        this.description = description;
        this.unit = unit;
    }

    /**
     * Whether the metric aggregates per session first (a session being the report row's events sharing a non-null
     * session id), so it has no form in the expression language and is null over no sessions.
     */
    public boolean perSession() {
        return switch (this) {
            case EVENTS, UNIQUE_USERS, SESSIONS, REVENUE -> false;
            case BOUNCE_RATE, AVG_SESSION_DURATION, PAGES_PER_SESSION -> true;
        };
    }

    @Override
    public String publicName() {
        return publicName;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String unit() {
        return unit;
    }
}
