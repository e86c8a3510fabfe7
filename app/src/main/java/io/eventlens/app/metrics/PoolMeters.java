package io.eventlens.app.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The R2DBC pool's use under the names Spring Boot gives pools it configures itself ({@code r2dbc.pool.*}, tag
 * {@code name}); the engine opens its own pools, which Boot's binder does not see. Pools that serve as one (the
 * rollup reads' pool per event loop) are summed.
 */
final class PoolMeters implements MeterBinder {

    /** Asked at each reading: the rollup reads' pools are replaced when the loops they live on end. */
    private final Supplier<List<ConnectionPool>> pools;

    private final String name;

    PoolMeters(Supplier<List<ConnectionPool>> pools, String name) {
        this.pools = pools;
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
        // A supplier, held strongly: a list made for the meter as its state would be collected, and read NaN.
        Gauge.builder("r2dbc.pool." + suffix, () -> {
                    List<PoolMetrics> metrics = pools.get().stream()
                            .flatMap(pool -> pool.getMetrics().stream())
                            .toList();
                    return metrics.isEmpty()
                            ? Double.NaN
                            : metrics.stream().mapToInt(value).sum();
                })
                .description(description)
                .tag("name", name)
                .register(meters);
    }
}
