package io.eventlens.postgres;

import org.flywaydb.core.Flyway;

/** Brings the schema up to date with Flyway over JDBC before any R2DBC connection is handed out. */
final class SchemaMigration {

    static final String LOCATION = "classpath:db/eventlens/postgres";

    private SchemaMigration() {}

    static void migrate(PostgresConnectionSettings settings) {
        Flyway.configure()
                .dataSource(settings.jdbcUrl(), settings.username(), settings.password())
                .locations(LOCATION)
                .load()
                .migrate();
    }
}
