package io.eventlens.postgres;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code eventlens.storage.postgres.*}: an external PostgreSQL; without a host the app supplies its own.
 *
 * @param host your PostgreSQL's host; unset, the embedded PostgreSQL is started and used
 * @param port your PostgreSQL's port
 * @param database the database on it
 * @param username the user EventLens connects as (it must be allowed to create tables)
 * @param password that user's password
 * @param poolMaxSize most connections EventLens holds
 */
@ConfigurationProperties("eventlens.storage.postgres")
record PostgresStorageProperties(
        @Nullable String host,
        @DefaultValue("5432") int port,
        @DefaultValue("eventlens") String database,
        @DefaultValue("eventlens") String username,
        @Nullable String password,
        @DefaultValue("20") int poolMaxSize) {

    PostgresConnectionSettings toSettings() {
        if (host == null || host.isBlank()) {
            throw new IllegalStateException("eventlens.storage.postgres.host is not set");
        }
        return new PostgresConnectionSettings(host, port, database, username, password, poolMaxSize);
    }
}
