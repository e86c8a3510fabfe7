package io.eventlens.postgres;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Where the PostgreSQL storage engine finds its database, and how many connections it may hold. */
public record PostgresConnectionSettings(
        String host,
        int port,
        String database,
        String username,
        @Nullable String password,
        int maxPoolSize) {

    public PostgresConnectionSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(username, "username");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1..65535: " + port);
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be positive: " + maxPoolSize);
        }
    }

    /** The JDBC URL of the same database, for Flyway (the engine itself speaks R2DBC). */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        // Never print the password, e.g. in startup logs or failure analysis.
        return "PostgresConnectionSettings[" + username + "@" + host + ":" + port + "/" + database + ", maxPoolSize="
                + maxPoolSize + "]";
    }
}
