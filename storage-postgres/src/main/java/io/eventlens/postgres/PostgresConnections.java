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
        PostgresqlConnectionConfiguration.Builder configuration = PostgresqlConnectionConfiguration.builder()
                .host(settings.host())
                .port(settings.port())
                .database(settings.database())
                .username(settings.username())
                .applicationName("eventlens")
                .connectTimeout(Duration.ofSeconds(10))
                .forceBinary(true)
                // Reports are ad hoc and skewed by range and filters: plan each with its actual values, so
                // partitions are pruned at plan time and a generic plan never picks a scan for the wrong range.
                .options(Map.of(
                        "plan_cache_mode",
                        "force_custom_plan",
                        "TimeZone",
                        "UTC",
                        // Distinct counts sort in memory instead of spilling to disk for a month of events.
                        "work_mem",
                        "32MB"));
        if (settings.password() != null) {
            configuration.password(settings.password());
        }
        PostgresqlConnectionFactory connections = new PostgresqlConnectionFactory(configuration.build());
        return new ConnectionPool(ConnectionPoolConfiguration.builder(connections)
                .name("eventlens-postgres")
                .initialSize(Math.min(2, settings.maxPoolSize()))
                .maxSize(settings.maxPoolSize())
                .maxIdleTime(Duration.ofMinutes(10))
                .maxAcquireTime(Duration.ofSeconds(30))
                .build());
    }
}
