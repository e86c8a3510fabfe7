package io.eventlens.postgres;

import io.eventlens.core.storage.EventStorage;
import io.eventlens.core.storage.ProjectWriteLock;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The schema, the pool, the storage and its partition upkeep, once connection settings are known. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBean(PostgresConnectionSettings.class)
final class PostgresEngineConfiguration {

    @Bean
    MigratedSchema eventlensMigratedSchema(PostgresConnectionSettings settings) {
        SchemaMigration.migrate(settings);
        return new MigratedSchema(settings);
    }

    @Bean(destroyMethod = "dispose")
    @ConditionalOnMissingBean(ConnectionFactory.class)
    ConnectionPool eventlensConnectionFactory(MigratedSchema schema) {
        return PostgresConnections.pool(schema.settings());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "eventlens.storage.engine", havingValue = "postgres", matchIfMissing = true)
    RollupReadConnections eventlensRollupReadConnections(MigratedSchema schema) {
        return new RollupReadConnections(PostgresConnections.rollupReads(schema.settings()));
    }

    @Bean
    MonthlyPartitions eventlensMonthlyPartitions(ConnectionFactory connectionFactory, MigratedSchema schema) {
        return new MonthlyPartitions(new PostgresDatabase(connectionFactory));
    }

    /**
     * A project's write lock across instances, for an engine whose duplicate check and insert are two steps
     * (ClickHouse): held in this PostgreSQL, which every instance shares for projects and keys.
     */
    @Bean
    @ConditionalOnMissingBean(ProjectWriteLock.class)
    ProjectWriteLock eventlensProjectWriteLock(ConnectionFactory connectionFactory, MigratedSchema schema) {
        return new PostgresProjectWriteLock(new PostgresDatabase(connectionFactory));
    }

    @Bean
    @ConditionalOnProperty(name = "eventlens.storage.engine", havingValue = "postgres", matchIfMissing = true)
    @ConditionalOnMissingBean(EventStorage.class)
    PostgresEventStorage postgresEventStorage(
            ConnectionFactory connectionFactory, MonthlyPartitions partitions, RollupReadConnections rollupReads) {
        PostgresDatabase database = new PostgresDatabase(connectionFactory, rollupReads.connections());
        PostgresSettingsCheck.warnAboutMisfits(database);
        return new PostgresEventStorage(
                database, partitions, JsonMapper.builder().build());
    }

    /**
     * Seals recent events into rollups and backfills history, every two seconds. Off
     * ({@code eventlens.storage.rollups.enabled=false}) nothing is rolled up and every report reads raw events.
     */
    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnBean(PostgresEventStorage.class)
    @ConditionalOnProperty(name = "eventlens.storage.rollups.enabled", havingValue = "true", matchIfMissing = true)
    RollupMaintenance eventlensRollupMaintenance(PostgresEventStorage storage) {
        // Every second: the raw tail a report reads is at most this plus the seal trail.
        return new RollupMaintenance(storage.rollups(), Duration.ofSeconds(1));
    }

    /** Backfills promoted properties and drops demoted ones, every second. */
    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnBean(PostgresEventStorage.class)
    PromotionMaintenance eventlensPromotionMaintenance(PostgresEventStorage storage) {
        return new PromotionMaintenance(storage.promotions(), Duration.ofSeconds(1));
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    PartitionMaintenance eventlensPartitionMaintenance(
            MonthlyPartitions partitions, ConnectionFactory connectionFactory, RetentionProperties retention) {
        RawEventRetention dropper = retention.rawEvents() == null
                ? null
                : new RawEventRetention(new PostgresDatabase(connectionFactory), partitions, retention.rawEvents());
        // Hourly: partitions ahead are cheap to check, and an expired month goes soon after its rollups hold it.
        return new PartitionMaintenance(partitions, Clock.systemUTC(), Duration.ofHours(1), dropper);
    }
}
