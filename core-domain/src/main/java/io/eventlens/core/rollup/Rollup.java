package io.eventlens.core.rollup;

import io.eventlens.core.event.EventColumn;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Events pre-aggregated per UTC-aligned time bucket of {@code grain} and per distinct tuple of {@code columns}: a
 * row holds the number of events and the sum of their revenue. Distinct users or sessions are exact from a rollup
 * that keeps {@code userId} or {@code sessionId} among its columns.
 *
 * @param grain divides a day, in whole minutes, so rows never straddle a UTC day and every whole-hour or
 *              half-hour time zone offset lands on a row boundary at a grain of 15 or 30 minutes
 */
public record Rollup(String name, Duration grain, Set<EventColumn> columns) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    /** The rollups every project has: small ones for type and time, wider ones for breakdowns and distinct users. */
    public static final List<Rollup> DEFAULTS = List.of(
            new Rollup("type_15m", Duration.ofMinutes(15), EnumSet.of(EventColumn.TYPE)),
            new Rollup("type_1h", Duration.ofHours(1), EnumSet.of(EventColumn.TYPE)),
            new Rollup("type_1d", Duration.ofDays(1), EnumSet.of(EventColumn.TYPE)),
            new Rollup(
                    "type_country_device_1h",
                    Duration.ofHours(1),
                    EnumSet.of(EventColumn.TYPE, EventColumn.COUNTRY, EventColumn.DEVICE)),
            new Rollup(
                    "type_country_device_1d",
                    Duration.ofDays(1),
                    EnumSet.of(EventColumn.TYPE, EventColumn.COUNTRY, EventColumn.DEVICE)),
            new Rollup("type_user_1d", Duration.ofDays(1), EnumSet.of(EventColumn.TYPE, EventColumn.USER_ID)));

    /**
     * Every column a rollup row can keep, in the order of every engine's rollup key (the order of
     * {@link EventColumn}, which the engines' tables were created with).
     */
    public static final List<EventColumn> KEY_COLUMNS = List.of(EventColumn.values());

    public Rollup {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(grain, "grain");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "a rollup name is 1 to 63 lower-case letters, digits or _, " + "starting with a letter: " + name);
        }
        if (grain.isNegative()
                || grain.isZero()
                || grain.toSeconds() % 60 != 0
                || grain.getNano() != 0
                || Duration.ofDays(1).toSeconds() % grain.toSeconds() != 0) {
            throw new IllegalArgumentException(
                    "a rollup grain must be whole minutes dividing a day, e.g. 15m, 1h or " + "1d: " + grain);
        }
        columns = columns.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(columns));
    }

    /**
     * Whether the rollup also keeps distinct-count sketches of users and sessions per row, for approximate reports.
     * Not where the distinct column itself is kept (that is exact already) nor below an hour (too many rows to merge).
     */
    public boolean keepsSketches() {
        return !keysMembers() && grain.compareTo(Duration.ofHours(1)) >= 0;
    }

    /**
     * Whether the rollup's rows can keep the exact sets of their distinct users and sessions (engines that keep member
     * sets keep them for these): not where the ids are columns themselves, whose rows count them exactly already.
     */
    public boolean keepsMembers() {
        return !keysMembers();
    }

    /**
     * Whether user or session ids are among its columns: a row per member and bucket, so its buckets hold as many rows
     * as there are active members (e.g. {@code type_user_1d}), where other rollups hold a few per dimension value.
     */
    public boolean keysMembers() {
        return columns.contains(EventColumn.USER_ID) || columns.contains(EventColumn.SESSION_ID);
    }

    /** The columns in declaration order, as engines lay them out. */
    public List<EventColumn> orderedColumns() {
        return columns.stream().sorted(Comparator.naturalOrder()).toList();
    }

    public long grainSeconds() {
        return grain.toSeconds();
    }

    /** The start of this rollup's row that {@code instant} falls in. */
    public Instant bucketOf(Instant instant) {
        return UtcGrid.floor(instant, grainSeconds());
    }
}
