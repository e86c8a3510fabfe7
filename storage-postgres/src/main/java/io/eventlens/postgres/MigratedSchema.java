package io.eventlens.postgres;

/**
 * Marks the schema as migrated; the pool and the metadata stores depend on it, so nothing connects before Flyway ran.
 * Public for the metadata stores' configuration in {@code io.eventlens.postgres.meta}.
 */
public record MigratedSchema(PostgresConnectionSettings settings) {}
