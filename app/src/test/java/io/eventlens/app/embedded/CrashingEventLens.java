package io.eventlens.app.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

/** Run in a child JVM: starts the embedded PostgreSQL, commits a row, then dies like {@code kill -9}. */
final class CrashingEventLens {

    static final String NOTE = "committed before the crash";

    public static void main(String[] arguments) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgresLauncher.start(
                Path.of(arguments[0]), new EmbeddedPostgresProperties(0, "eventlens", Duration.ofSeconds(60)));
        try (Connection connection = postgres.getDatabase(EmbeddedPostgresLauncher.SUPERUSER, "eventlens")
                        .getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept (note text)");
            statement.execute("INSERT INTO kept VALUES ('" + NOTE + "')");
        }
        // halt skips shutdown hooks, so nothing stops the postmaster: exactly what a killed JVM leaves behind.
        Runtime.getRuntime().halt(0);
    }
}
