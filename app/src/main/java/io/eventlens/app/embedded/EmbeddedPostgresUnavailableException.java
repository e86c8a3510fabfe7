package io.eventlens.app.embedded;

import org.jspecify.annotations.Nullable;

/** The embedded PostgreSQL cannot start for a reason the user can fix; says what happened and what to do. */
final class EmbeddedPostgresUnavailableException extends IllegalStateException {

    private final String description;
    private final String action;

    private EmbeddedPostgresUnavailableException(String description, String action, @Nullable Throwable cause) {
        super(description + " " + action, cause);
        this.description = description;
        this.action = action;
    }

    static EmbeddedPostgresUnavailableException portInUse(int port, @Nullable Throwable cause) {
        return new EmbeddedPostgresUnavailableException(
                "The embedded PostgreSQL could not start: port " + port + " is already in use.",
                "Set eventlens.embedded-postgres.port to a free port (0 picks a random one), stop the process using "
                        + "port " + port
                        + ", or use an existing PostgreSQL by setting eventlens.storage.postgres.host.",
                cause);
    }

    static EmbeddedPostgresUnavailableException dataDirectoryInUse(String cluster) {
        return new EmbeddedPostgresUnavailableException(
                "The embedded PostgreSQL in " + cluster + " is used by another running EventLens.",
                "Stop that EventLens, or give this one its own eventlens.data-dir.",
                null);
    }

    String description() {
        return description;
    }

    String action() {
        return action;
    }
}
