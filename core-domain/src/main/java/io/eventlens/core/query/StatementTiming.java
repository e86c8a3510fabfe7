package io.eventlens.core.query;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One statement a storage engine ran for a query, with the database's own account of it: the floor no change
 * outside the database can go below.
 *
 * @param sql the statement's text, with placeholders for its bound values
 * @param planningMs the database's planning time, in milliseconds (0 where the engine does not report one)
 * @param executionMs the database's execution time, in milliseconds
 * @param plan the database's plan with its actual row counts and buffers, in the database's own format (JSON for
 *     PostgreSQL's {@code EXPLAIN}); null where the engine gives none
 */
public record StatementTiming(
        String sql,
        double planningMs,
        double executionMs,
        @Nullable String plan) {

    public StatementTiming {
        Objects.requireNonNull(sql, "sql");
    }

    public StatementTiming(String sql, double planningMs, double executionMs) {
        this(sql, planningMs, executionMs, null);
    }
}
