package io.eventlens.app.embedded;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded PostgreSQL, used only while {@code eventlens.storage.postgres.host} is unset.
 *
 * @param port fixed so users can connect with psql across restarts; 0 picks a free port
 * @param database the database EventLens uses inside the cluster (created on first start)
 * @param startupTimeout how long to wait for the server to accept connections
 */
@ConfigurationProperties("eventlens.embedded-postgres")
public record EmbeddedPostgresProperties(
        @DefaultValue("54329") int port,
        @DefaultValue("eventlens") String database,
        @DefaultValue("60s") Duration startupTimeout) {

    public EmbeddedPostgresProperties {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("eventlens.embedded-postgres.port must be between 0 and 65535: " + port);
        }
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException(
                    "eventlens.embedded-postgres.database must be a plain lower-case identifier: " + database);
        }
    }
}
