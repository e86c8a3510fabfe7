package io.eventlens.postgres;

import io.r2dbc.pool.ConnectionPool;

/**
 * The pool of connections that reports over rollups run on ({@link PostgresConnections#rollupReads}); a type of its
 * own so it never stands in for the engine's {@code ConnectionFactory}. Public for the app's pool meters.
 */
public record RollupReadConnections(ConnectionPool pool) implements AutoCloseable {

    @Override
    public void close() {
        pool.dispose();
    }
}
