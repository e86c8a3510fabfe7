package io.eventlens.core.query;

import java.util.Objects;

/**
 * One statement a storage engine ran for a query, with the database's own account of it: the floor no change
 * outside the database can go below.
 *
 * @param sql the statement's text, with placeholders for its bound values
 * @param planningMs the database's planning time, in milliseconds (0 where the engine does not report one)
 * @param executionMs the database's execution time, in milliseconds
 */
public record StatementTiming(String sql, double planningMs, double executionMs) {

    public StatementTiming {
        Objects.requireNonNull(sql, "sql");
    }
}
