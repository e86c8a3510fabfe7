package io.eventlens.postgres;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Connection settings from properties, unless the application supplied its own. */
@Configuration(proxyBeanMethods = false)
final class PostgresSettingsConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "eventlens.storage.postgres", name = "host")
    @ConditionalOnMissingBean
    PostgresConnectionSettings postgresConnectionSettings(PostgresStorageProperties properties) {
        return properties.toSettings();
    }
}
