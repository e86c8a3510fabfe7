package io.eventlens.app.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import java.util.function.ToIntFunction;

/**
 * The R2DBC pool's use under the names Spring Boot gives pools it configures itself ({@code r2dbc.pool.*}, tag
 * {@code name}); the engine opens its own pool, which Boot's binder does not see.
 */
final class PoolMeters implements MeterBinder {

    private final ConnectionPool pool;
    private final String name;

    PoolMeters(ConnectionPool pool, String name) {
        this.pool = pool;
        this.name = name;
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        gauge(meters, "acquired", "Connections in use", PoolMetrics::acquiredSize);
        gauge(meters, "allocated", "Connections open, in use or idle", PoolMetrics::allocatedSize);
        gauge(meters, "idle", "Connections open and idle", PoolMetrics::idleSize);
        gauge(meters, "pending", "Requests waiting for a connection", PoolMetrics::pendingAcquireSize);
        gauge(meters, "max.allocated", "Most connections the pool opens", PoolMetrics::getMaxAllocatedSize);
    }

    private void gauge(MeterRegistry meters, String suffix, String description, ToIntFunction<PoolMetrics> value) {
        Gauge.builder(
                        "r2dbc.pool." + suffix,
                        pool,
                        p -> p.getMetrics()
                                .map(metrics -> (double) value.applyAsInt(metrics))
                                .orElse(Double.NaN))
                .description(description)
                .tag("name", name)
                .register(meters);
    }
}
