package io.eventlens.postgres;

import io.eventlens.core.storage.EventStorage;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the PostgreSQL engine once connection settings exist, from {@code eventlens.storage.postgres.*} or from a
 * bean the application registers (e.g. for an embedded database). Runs before Boot's R2DBC auto-configuration so
 * that one backs off instead of opening a second pool.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration")
@EnableConfigurationProperties(PostgresStorageProperties.class)
@Import({PostgresStorageAutoConfiguration.SettingsFromProperties.class, PostgresStorageAutoConfiguration.Engine.class})
final class PostgresStorageAutoConfiguration {

    /** Settings from properties, unless the application supplied its own. */
    @Configuration(proxyBeanMethods = false)
    static final class SettingsFromProperties {

        @Bean
        @ConditionalOnProperty(prefix = "eventlens.storage.postgres", name = "host")
        @ConditionalOnMissingBean
        PostgresConnectionSettings postgresConnectionSettings(PostgresStorageProperties properties) {
            return properties.toSettings();
        }
    }

    /** The schema, the pool, the storage and its partition upkeep; imported after the settings are known. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(PostgresConnectionSettings.class)
    static final class Engine {

        /** A marker that the schema is migrated; the pool depends on it so nothing connects before Flyway ran. */
        record MigratedSchema(PostgresConnectionSettings settings) {
        }

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

        @Bean
        MonthlyPartitions eventlensMonthlyPartitions(ConnectionFactory connectionFactory, MigratedSchema schema) {
            return new MonthlyPartitions(new PostgresDatabase(connectionFactory));
        }

        @Bean
        @ConditionalOnProperty(name = "eventlens.storage.engine", havingValue = "postgres", matchIfMissing = true)
        @ConditionalOnMissingBean(EventStorage.class)
        EventStorage postgresEventStorage(ConnectionFactory connectionFactory, MonthlyPartitions partitions) {
            return new PostgresEventStorage(new PostgresDatabase(connectionFactory), partitions,
                    JsonMapper.builder().build());
        }

        @Bean(initMethod = "start", destroyMethod = "close")
        PartitionMaintenance eventlensPartitionMaintenance(MonthlyPartitions partitions) {
            return new PartitionMaintenance(partitions, Clock.systemUTC(), Duration.ofDays(1));
        }
    }
}
