package io.eventlens.clickhouse;

import io.eventlens.core.storage.EventStorage;
import io.eventlens.core.storage.ProjectWriteLock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the ClickHouse engine when {@code eventlens.storage.engine=clickhouse}. Only events move: PostgreSQL keeps
 * projects, keys and definitions. The driver's ConnectionFactory is built here by hand and never exposed as a bean,
 * so Spring Data R2DBC (which cannot handle it: no bind markers, no dialect) keeps using PostgreSQL's.
 */
@AutoConfiguration
@ConditionalOnProperty(name = "eventlens.storage.engine", havingValue = "clickhouse")
@EnableConfigurationProperties(ClickHouseStorageProperties.class)
final class ClickHouseStorageAutoConfiguration {

    /** Connects and creates the schema (idempotent DDL) before any event is written. */
    @Bean(destroyMethod = "close")
    ClickHouseDatabase eventlensClickHouseDatabase(ClickHouseStorageProperties properties) {
        ClickHouseDatabase database = new ClickHouseDatabase(properties.toSettings());
        properties.toSchema().statements().forEach(database::execute);
        properties.toRollupSchema().statements().forEach(database::execute);
        return database;
    }

    /**
     * The engine, holding the project write lock the metadata database provides around each write, so several
     * instances may ingest the same project; without one (no metadata PostgreSQL) only this instance may write.
     */
    @Bean
    @ConditionalOnMissingBean(EventStorage.class)
    EventStorage clickHouseEventStorage(ClickHouseDatabase database, ObjectProvider<ProjectWriteLock> writeLock) {
        return new ClickHouseEventStorage(
                database,
                JsonMapper.builder().build(),
                writeLock.getIfAvailable(() -> ProjectWriteLock.THIS_INSTANCE_ONLY));
    }
}
