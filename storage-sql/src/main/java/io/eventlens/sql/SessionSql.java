package io.eventlens.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * The window over one (group, session) of a report with a per-session metric. The measures sit on one row per
 * (group, session) and are null on the others, so the per-session metrics become plain averages over a group's rows
 * and every query shape keeps its single {@code GROUP BY}.
 */
public final class SessionSql {

    /** True on one arbitrary row of each (group, session) that has a session: the row that carries its measures. */
    public static final String CARRIER = "e.session_id IS NOT NULL AND row_number() OVER w = 1";

    private SessionSql() {}

    /**
     * The window {@code w} of a (group, session).
     *
     * @param groupKeys the SQL of what the consuming query groups by (dimensions, bucket), over {@code e}
     */
    public static String window(List<String> groupKeys) {
        List<String> partition = new ArrayList<>(groupKeys);
        partition.add("e.session_id");
        return " WINDOW w AS (PARTITION BY " + String.join(", ", partition) + ")";
    }
}
