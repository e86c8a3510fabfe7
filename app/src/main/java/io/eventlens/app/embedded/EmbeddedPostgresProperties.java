package io.eventlens.app.embedded;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded PostgreSQL, used only while {@code eventlens.storage.postgres.host} is unset.
 *
 * @param port fixed so users can connect with psql across restarts; 0 picks a free port
 * @param database the database EventLens uses inside the cluster (created on first start)
 * @param startupTimeout how long to wait for the server to accept connections
 * @param settings server settings over the recommended ones ({@code PostgresServerSettings}), e.g.
 *                 {@code eventlens.embedded-postgres.settings.shared_buffers=2GB}
 */
@ConfigurationProperties("eventlens.embedded-postgres")
public record EmbeddedPostgresProperties(
        @DefaultValue("54329") int port,
        @DefaultValue("eventlens") String database,
        @DefaultValue("60s") Duration startupTimeout,
        Map<String, String> settings) {

    /** Setting names as PostgreSQL spells them; values go to the server as one {@code -c name=value} each. */
    private static final java.util.regex.Pattern SETTING_NAME = java.util.regex.Pattern.compile("[a-z_][a-z0-9_.]*");

    @ConstructorBinding
    public EmbeddedPostgresProperties {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("eventlens.embedded-postgres.port must be between 0 and 65535: " + port);
        }
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException(
                    "eventlens.embedded-postgres.database must be a plain lower-case identifier: " + database);
        }
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        settings.keySet().stream()
                .filter(name -> !SETTING_NAME.matcher(name).matches())
                .findFirst()
                .ifPresent(name -> {
                    throw new IllegalArgumentException("eventlens.embedded-postgres.settings." + name
                            + " is not a PostgreSQL setting name (lower-case letters, digits, _ and .)");
                });
    }

    /** With the recommended server settings only. */
    public EmbeddedPostgresProperties(int port, String database, Duration startupTimeout) {
        this(port, database, startupTimeout, Map.of());
    }
}
