package io.eventlens.postgres;

import io.netty.util.concurrent.EventExecutor;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.HttpResources;
import reactor.netty.resources.LoopResources;

/** Opens the engine's R2DBC connection pool. */
final class PostgresConnections {

    private PostgresConnections() {}

    static ConnectionPool pool(PostgresConnectionSettings settings) {
        // Reports are ad hoc and skewed by range and filters: plan each with its actual values, so partitions are
        // pruned at plan time and a generic plan never picks a scan for the wrong range.
        return pool(settings, "eventlens-postgres", "force_custom_plan", Map.of(), -1, settings.maxPoolSize(), null);
    }

    /**
     * Connections for reports over rollups: each statement text is planned once per connection, with no parallel
     * workers. Their shape is fixed (index ranges of rollup rows, sub-grain raw heads and tails), so a plan for any
     * values fits; planning them took 1.2 ms per report at 10M events, and a generic plan with parallel workers 7 ms
     * more to start the workers (EXPLAIN ANALYZE, docs/benchmarks.md). The last 256 statement texts stay prepared.
     * Half as many connections as the main pool, split over the HTTP server's event loops ({@link LoopAffinePools}):
     * these statements take a few milliseconds each.
     */
    static LoopAffinePools rollupReads(PostgresConnectionSettings settings) {
        // Spring Boot's Reactor Netty server runs on the global HTTP resources unless told otherwise; asked each time
        // the pools are opened, since a stopped context disposes them and the next use makes new ones.
        return rollupReads(settings, HttpResources::get);
    }

    /** The same, on the loops the given resources have when the pools are opened. */
    static LoopAffinePools rollupReads(PostgresConnectionSettings settings, Supplier<LoopResources> loops) {
        return new LoopAffinePools(loops, (resources, each) -> {
            // Half the main pool in all, as evenly as it divides; at least one connection per loop.
            int total = Math.max(1, settings.maxPoolSize() / 2);
            List<ConnectionPool> pools = new ArrayList<>();
            for (int i = 0; i < each.size(); i++) {
                int size = total / each.size() + (i < total % each.size() ? 1 : 0);
                pools.add(pool(
                        settings,
                        "eventlens-postgres-rollup-reads",
                        "force_generic_plan",
                        Map.of("max_parallel_workers_per_gather", "0"),
                        ROLLUP_STATEMENTS_PREPARED,
                        Math.max(1, size),
                        new Placement(resources, each.get(i))));
            }
            return pools;
        });
    }

    /** Where a pool's connections live: on the given loop of these resources. */
    private record Placement(LoopResources loops, EventExecutor loop) {}

    static final int ROLLUP_STATEMENTS_PREPARED = 256;

    private static ConnectionPool pool(
            PostgresConnectionSettings settings,
            String name,
            String planCacheMode,
            Map<String, String> moreOptions,
            int preparedStatements,
            int maxSize,
            @Nullable Placement placement) {
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
        if (placement != null) {
            configuration.loopResources(placement.loops());
        }
        if (settings.password() != null) {
            configuration.password(settings.password());
        }
        PostgresqlConnectionFactory driver = new PostgresqlConnectionFactory(configuration.build());
        ConnectionFactory connections = placement == null ? driver : openedOn(placement.loop(), driver);
        return new ConnectionPool(ConnectionPoolConfiguration.builder(connections)
                .name(name)
                .initialSize(Math.min(placement == null ? 2 : 1, maxSize))
                .maxSize(maxSize)
                .maxIdleTime(Duration.ofMinutes(10))
                .maxAcquireTime(Duration.ofSeconds(30))
                .build());
    }

    /**
     * Opens each connection from the given loop: the loop resources register a connection opened on one of their loops
     * on that same loop (Reactor Netty's colocation).
     */
    private static ConnectionFactory openedOn(EventExecutor loop, PostgresqlConnectionFactory driver) {
        Scheduler onLoop = Schedulers.fromExecutor(loop);
        return new ConnectionFactory() {
            @Override
            public Publisher<? extends Connection> create() {
                return Mono.from(driver.create()).subscribeOn(onLoop);
            }

            @Override
            public ConnectionFactoryMetadata getMetadata() {
                return driver.getMetadata();
            }
        };
    }
}
