package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.r2dbc.pool.ConnectionPool;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * One embedded PostgreSQL per test JVM, migrated once and shared by every test class; closed when the JVM exits.
 * Tests isolate themselves by writing to projects of their own ({@link #newProject()}).
 */
public final class PostgresTestServer {

    private static PostgresTestServer shared;

    private final EmbeddedPostgres postgres;
    private final PostgresConnectionSettings settings;
    private final ConnectionPool pool;
    private final LoopAffinePools rollupReads;
    private final PostgresDatabase database;
    private final MonthlyPartitions partitions;
    private final PostgresEventStorage storage;
    private boolean closed;

    private PostgresTestServer() {
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        settings = new PostgresConnectionSettings("localhost", postgres.getPort(), "postgres", "postgres", null, 10);
        SchemaMigration.migrate(settings);
        pool = PostgresConnections.pool(settings);
        // Reports over rollups on their own connections, as the app runs them: the suites check their plans' answers.
        rollupReads = PostgresConnections.rollupReads(settings);
        database = new PostgresDatabase(pool, rollupReads);
        partitions = new MonthlyPartitions(database);
        storage = new PostgresEventStorage(
                database, partitions, JsonMapper.builder().build());
        storage.rollups().installDefaults().block();
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "embedded-postgres-stop"));
    }

    public static synchronized PostgresTestServer shared() {
        if (shared == null) {
            shared = new PostgresTestServer();
        }
        return shared;
    }

    /**
     * A server of the caller's own, for tests of what PostgreSQL counts server-wide (its statistics of deleted rows):
     * the shared one carries every earlier test's. Close it when done.
     */
    static PostgresTestServer startOwn() {
        return new PostgresTestServer();
    }

    public static ProjectId newProject() {
        return new ProjectId("t" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
    }

    PostgresConnectionSettings settings() {
        return settings;
    }

    public ConnectionPool pool() {
        return pool;
    }

    PostgresDatabase database() {
        return database;
    }

    MonthlyPartitions partitions() {
        return partitions;
    }

    PostgresEventStorage storage() {
        return storage;
    }

    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            pool.dispose();
            rollupReads.close();
            postgres.close();
        } catch (IOException e) {
            // The JVM is exiting; nothing is left to clean up that the OS does not.
        }
    }
}
