package io.eventlens.postgres;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * Wires the PostgreSQL engine once connection settings exist, from {@code eventlens.storage.postgres.*} or from a
 * bean the application registers (e.g. for an embedded database). Runs before Boot's R2DBC auto-configuration so
 * that one backs off instead of opening a second pool. The import order is the point: the engine's condition on a
 * settings bean is evaluated after the settings from properties are registered.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration")
@EnableConfigurationProperties({PostgresStorageProperties.class, RetentionProperties.class})
@Import({PostgresSettingsConfiguration.class, PostgresEngineConfiguration.class})
final class PostgresStorageAutoConfiguration {}
