package io.eventlens.postgres;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import java.time.Duration;
import java.util.Map;

/** Opens the engine's R2DBC connection pool. */
final class PostgresConnections {

    private PostgresConnections() {}

    static ConnectionPool pool(PostgresConnectionSettings settings) {
        // Reports are ad hoc and skewed by range and filters: plan each with its actual values, so partitions are
        // pruned at plan time and a generic plan never picks a scan for the wrong range.
        return pool(settings, "eventlens-postgres", "force_custom_plan", Map.of(), -1, settings.maxPoolSize());
    }

    /**
     * Connections for reports over rollups: each statement text is planned once per connection, with no parallel
     * workers. Their shape is fixed (index ranges of rollup rows, sub-grain raw heads and tails), so a plan for any
     * values fits; planning them took 1.2 ms per report at 10M events, and a generic plan with parallel workers 7 ms
     * more to start the workers (EXPLAIN ANALYZE, docs/benchmarks.md). The last 256 statement texts stay prepared.
     * Half as many connections as the main pool: these statements take a few milliseconds each.
     */
    static ConnectionPool rollupReads(PostgresConnectionSettings settings) {
        return pool(
                settings,
                "eventlens-postgres-rollup-reads",
                "force_generic_plan",
                Map.of("max_parallel_workers_per_gather", "0"),
                ROLLUP_STATEMENTS_PREPARED,
                Math.max(1, settings.maxPoolSize() / 2));
    }

    static final int ROLLUP_STATEMENTS_PREPARED = 256;

    private static ConnectionPool pool(
            PostgresConnectionSettings settings,
            String name,
            String planCacheMode,
            Map<String, String> moreOptions,
            int preparedStatements,
            int maxSize) {
        Map<String, String> options = new java.util.HashMap<>(moreOptions);
        options.put("plan_cache_mode", planCacheMode);
        options.put("TimeZone", "UTC");
        // Distinct counts sort in memory instead of spilling to disk for a month of events.
        options.put("work_mem", "32MB");
        PostgresqlConnectionConfiguration.Builder configuration = PostgresqlConnectionConfiguration.builder()
                .host(settings.host())
                .port(settings.port())
                .database(settings.database())
                .username(settings.username())
                .applicationName(name)
                .connectTimeout(Duration.ofSeconds(10))
                .forceBinary(true)
                .preparedStatementCacheQueries(preparedStatements)
                .options(options);
        if (settings.password() != null) {
            configuration.password(settings.password());
        }
        PostgresqlConnectionFactory connections = new PostgresqlConnectionFactory(configuration.build());
        return new ConnectionPool(ConnectionPoolConfiguration.builder(connections)
                .name(name)
                .initialSize(Math.min(2, maxSize))
                .maxSize(maxSize)
                .maxIdleTime(Duration.ofMinutes(10))
                .maxAcquireTime(Duration.ofSeconds(30))
                .build());
    }
}
