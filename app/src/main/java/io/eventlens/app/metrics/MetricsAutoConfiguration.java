package io.eventlens.app.metrics;

import io.eventlens.core.ingest.IngestObserver;
import io.eventlens.core.rollup.RollupFreshness;
import io.eventlens.postgres.RollupReadConnections;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * The platform's own meters (docs/operations.md lists them): ingestion through the ingestor's observer, rollup
 * freshness and the engine's connection pool read when scraped. Reports, the cache, rate limits and the circuit
 * breakers register theirs where they are built.
 */
@AutoConfiguration(
        afterName = {
            "io.eventlens.postgres.PostgresStorageAutoConfiguration",
            "io.eventlens.clickhouse.ClickHouseStorageAutoConfiguration"
        })
@ConditionalOnClass(MeterRegistry.class)
final class MetricsAutoConfiguration {

    @Bean
    IngestObserver eventlensIngestMeters(ObjectProvider<MeterRegistry> meters) {
        return new IngestMeters(meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    MeterBinder eventlensRollupMeters(ObjectProvider<RollupFreshness> freshness, ObjectProvider<Clock> clock) {
        return meters -> freshness
                .orderedStream()
                .findFirst()
                .ifPresent(f -> new RollupMeters(f, clock.getIfAvailable(Clock::systemUTC)).bindTo(meters));
    }

    @Bean
    MeterBinder eventlensPoolMeters(
            ObjectProvider<ConnectionPool> pools, ObjectProvider<RollupReadConnections> rollupReads) {
        // PostgreSQL's pool, which holds the events or, with ClickHouse, projects, keys and definitions; and the
        // PostgreSQL engine's own pool for reports over rollups.
        return meters -> {
            pools.orderedStream()
                    .findFirst()
                    .ifPresent(pool -> new PoolMeters(() -> List.of(pool), "postgres").bindTo(meters));
            rollupReads.ifAvailable(reads -> new PoolMeters(reads::pools, "postgres-rollup-reads").bindTo(meters));
        };
    }
}
