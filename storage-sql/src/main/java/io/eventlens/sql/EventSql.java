package io.eventlens.sql;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.query.EventCursor;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.query.TimeRange;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

/** SQL over the events row source {@code e}, which every engine names and lays out alike. */
public final class EventSql {

    private EventSql() {}

    /** A text column of {@code e}, under the name every engine stores it by. */
    public static String column(EventColumn column) {
        return "e." + column.storedName();
    }

    /** The events of a project in a half-open range: {@code from} included, {@code to} not. */
    public static String inRange(ProjectId project, TimeRange range, SqlBinder p) {
        return inRange(project, range.from(), range.to(), p);
    }

    /** The same, from its bounds. */
    public static String inRange(ProjectId project, Instant from, Instant to, SqlBinder p) {
        return "e.project_id = " + p.text(project.value()) + " AND e.ts >= " + p.timestamp(from) + " AND e.ts < "
                + p.timestamp(to);
    }

    /**
     * The conditions of a page of raw events in keyset order, newest first: the project, the optional bounds and
     * what comes after the cursor. Rows order as {@code (e.ts, id) DESC} ({@link #pageOrder}).
     *
     * @param id the event id as the engine orders it, e.g. {@code e.id}
     * @param idValue a cursor's id bound so that it compares with {@code id}
     */
    public static String pageConditions(EventPageQuery query, SqlBinder p, String id, Function<UUID, String> idValue) {
        StringBuilder where = new StringBuilder("e.project_id = ")
                .append(p.text(query.project().value()));
        if (query.from() != null) {
            where.append(" AND e.ts >= ").append(p.timestamp(query.from()));
        }
        if (query.to() != null) {
            where.append(" AND e.ts < ").append(p.timestamp(query.to()));
        }
        EventCursor after = query.after();
        if (after != null) {
            where.append(" AND (e.ts, ")
                    .append(id)
                    .append(") < (")
                    .append(p.timestamp(after.timestamp()))
                    .append(", ")
                    .append(idValue.apply(after.id()))
                    .append(")");
        }
        return where.toString();
    }

    /** The keyset order of {@link #pageConditions}. */
    public static String pageOrder(String id) {
        return "e.ts DESC, " + id + " DESC";
    }
}
