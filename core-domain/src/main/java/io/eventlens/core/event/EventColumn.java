package io.eventlens.core.event;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The text columns of an event that reports can group and filter by, under their public names. */
public enum EventColumn {
    TYPE("type", "Event type, e.g. page_view or purchase", Event::type),
    COUNTRY("country", "ISO-3166 alpha-2 country code", Event::country),
    DEVICE("device", "Device class, e.g. desktop, mobile, tablet", Event::device),
    BROWSER("browser", "Browser name", Event::browser),
    OS("os", "Operating system", Event::os),
    PAGE("page", "Page path or URL", Event::page),
    REFERRER("referrer", "Referring URL", Event::referrer),
    USER_ID("userId", "User id", Event::userId),
    SESSION_ID("sessionId", "Session id", Event::sessionId);

    private final String publicName;
    private final String description;
    private final Function<Event, @Nullable String> accessor;

    EventColumn(String publicName, String description, Function<Event, @Nullable String> accessor) {
        this.publicName = publicName;
        this.description = description;
        this.accessor = accessor;
    }

    /** The column's name in every engine's events and rollup tables: its enum name in lower case. */
    public String storedName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public String publicName() {
        return publicName;
    }

    public String description() {
        return description;
    }

    /** This column's value in an event; used by in-memory consumers such as live streams. */
    public @Nullable String valueOf(Event event) {
        return accessor.apply(event);
    }

    public static Optional<EventColumn> byPublicName(String name) {
        return Arrays.stream(values()).filter(c -> c.publicName.equals(name)).findFirst();
    }
}
