package io.eventlens.postgres;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import java.util.List;

/**
 * The connections that reports over rollups run on ({@link PostgresConnections#rollupReads}); a type of its own so it
 * never stands in for the engine's {@code ConnectionFactory}. Public for the app's pool meters.
 */
public final class RollupReadConnections implements AutoCloseable {

    private final LoopAffinePools pools;

    RollupReadConnections(LoopAffinePools pools) {
        this.pools = pools;
    }

    ConnectionFactory connections() {
        return pools;
    }

    /** The pools, one per event loop of the HTTP server. */
    public List<ConnectionPool> pools() {
        return pools.pools();
    }

    @Override
    public void close() {
        pools.close();
    }
}
