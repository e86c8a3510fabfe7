package io.eventlens.core.catalog;

/** The metrics every project has. Each is 0, never null, over a range without events. */
public enum BuiltInMetric implements Metric {
    /** Number of events. */
    EVENTS("events", "Number of events", "events"),
    /** Distinct non-null user ids. */
    UNIQUE_USERS("uniqueUsers", "Distinct users (events without a user id are not counted)", "users"),
    /** Distinct non-null session ids. */
    SESSIONS("sessions", "Distinct sessions (events without a session id are not counted)", "sessions"),
    /** Sum of revenue; events without revenue add nothing. */
    REVENUE("revenue", "Sum of revenue", "currency");

    private final String publicName;
    private final String description;
    private final String unit;

    BuiltInMetric(String publicName, String description, String unit) {
        this.publicName = publicName;
        this.description = description;
        this.unit = unit;
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
