package io.eventlens.postgres.meta;

import io.eventlens.core.access.ApiKeys;
import io.eventlens.core.access.ProjectDirectory;
import io.eventlens.core.alert.AlertStore;
import io.eventlens.core.dashboard.DashboardStore;
import io.eventlens.core.definition.DefinitionStore;
import io.eventlens.postgres.MigratedSchema;
import io.eventlens.postgres.PostgresDatabase;
import io.r2dbc.spi.ConnectionFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * The metadata stores, which live in PostgreSQL whichever engine holds the events: built once the engine's
 * configuration has migrated the schema, and registered on their own (AutoConfiguration.imports), so the engine's
 * package never depends on this one.
 */
@AutoConfiguration(afterName = "io.eventlens.postgres.PostgresStorageAutoConfiguration")
@ConditionalOnBean(MigratedSchema.class)
final class PostgresMetaAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(DefinitionStore.class)
    DefinitionStore eventlensDefinitionStore(ConnectionFactory connectionFactory, MigratedSchema schema) {
        return new PostgresDefinitionStore(new PostgresDatabase(connectionFactory));
    }

    /** Saved dashboards live beside the definitions. */
    @Bean
    @ConditionalOnMissingBean(DashboardStore.class)
    DashboardStore eventlensDashboardStore(ConnectionFactory connectionFactory, MigratedSchema schema) {
        return new PostgresDashboardStore(new PostgresDatabase(connectionFactory));
    }

    /** Alert rules, their states and notifications. */
    @Bean
    @ConditionalOnMissingBean(AlertStore.class)
    AlertStore eventlensAlertStore(ConnectionFactory connectionFactory, MigratedSchema schema) {
        return new PostgresAlertStore(
                new PostgresDatabase(connectionFactory), JsonMapper.builder().build());
    }

    /** Projects and their API keys. */
    @Bean
    @ConditionalOnMissingBean(ProjectDirectory.class)
    ProjectDirectory eventlensProjectDirectory(ConnectionFactory connectionFactory, MigratedSchema schema) {
        return new PostgresProjectDirectory(new PostgresDatabase(connectionFactory));
    }

    @Bean
    @ConditionalOnMissingBean(ApiKeys.class)
    ApiKeys eventlensApiKeys(ConnectionFactory connectionFactory, MigratedSchema schema) {
        return new PostgresApiKeys(new PostgresDatabase(connectionFactory));
    }
}
