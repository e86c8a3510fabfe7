package io.eventlens.app.embedded;

import io.eventlens.postgres.PostgresServerSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the embedded PostgreSQL on a cluster kept in the data directory, with the settings recommended for this
 * workload ({@link PostgresServerSettings}) and crash-safe ones: zonky's defaults are made for throw-away test
 * databases ({@code -F} turns fsync off, {@code synchronous_commit=off}), which would let an acknowledged event vanish
 * in a crash.
 */
final class EmbeddedPostgresLauncher {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresLauncher.class);

    static final String SUPERUSER = "postgres";

    /** Settings that must be on for a committed transaction to survive a crash. */
    static final List<String> DURABILITY_SETTINGS = List.of("fsync", "synchronous_commit", "full_page_writes");

    /** The file zonky holds a lock on while its postmaster runs (see its EmbeddedPostgres.LOCK_FILE_NAME). */
    private static final String ZONKY_LOCK_FILE = "epg-lock";

    private EmbeddedPostgresLauncher() {}

    static EmbeddedPostgres start(Path directory, EmbeddedPostgresProperties properties) throws IOException {
        Path cluster = directory.toAbsolutePath().normalize();
        Files.createDirectories(cluster);
        stopOrphanedServer(cluster);
        if (properties.port() != 0) {
            ensurePortIsFree(properties.port());
        }
        // An existing cluster (postgresql.conf present) is reused as is; initdb runs only on an empty directory.
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(cluster)
                .setCleanDataDirectory(false)
                .setPort(properties.port())
                .setPGStartupWait(properties.startupTimeout())
                // zonky's own hook stopped the server the moment the JVM began to stop, beside Spring's: requests
                // still draining in the web server's graceful shutdown then failed. The context stops it, last.
                .setRegisterShutdownHook(false)
                // Byte-order collation: text sorts the same on every machine, whatever its OS locale.
                .setLocaleConfig("locale", "C");
        serverSettings(properties).forEach(builder::setServerConfig);
        EmbeddedPostgres postgres = builder.start();
        try {
            createDatabaseIfMissing(postgres, properties.database());
            verifyDurability(postgres, properties.database());
        } catch (SQLException | RuntimeException e) {
            postgres.close();
            throw new IllegalStateException("Embedded PostgreSQL in " + cluster + " started but is not usable", e);
        }
        log.info(
                "Embedded PostgreSQL ready: {} (psql -h localhost -p {} -U {} {}; data in {})",
                postgres.getJdbcUrl(SUPERUSER, properties.database()),
                postgres.getPort(),
                SUPERUSER,
                properties.database(),
                cluster);
        return postgres;
    }

    /**
     * The recommended settings for this machine, the user's own over them, and durability last: later {@code -c}
     * options win over zonky's {@code -F}, so these turn it back on, and no setting of the user's can turn it off.
     */
    static Map<String, String> serverSettings(EmbeddedPostgresProperties properties) {
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        Map<String, String> settings = new LinkedHashMap<>(PostgresServerSettings.recommended(memory));
        settings.putAll(properties.settings());
        DURABILITY_SETTINGS.forEach(setting -> settings.put(setting, "on"));
        return settings;
    }

    private static void ensurePortIsFree(int port) {
        // Check first: zonky would otherwise wait for "its" server on that port and might talk to a stranger's.
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            probe.getLocalPort();
        } catch (IOException e) {
            throw EmbeddedPostgresUnavailableException.portInUse(port, e);
        }
    }

    /**
     * A killed EventLens leaves its postmaster running (pg_ctl detaches it) and holding the cluster and the port.
     * If no live EventLens holds the cluster's lock, such a server is an orphan: stop it so this start can take over.
     */
    private static void stopOrphanedServer(Path cluster) throws IOException {
        Path pidFile = cluster.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> postmaster = postmaster(pidFile);
        if (postmaster.isEmpty()) {
            return;
        }
        try (RandomAccessFile file =
                        new RandomAccessFile(cluster.resolve(ZONKY_LOCK_FILE).toFile(), "rw");
                FileLock lock = file.getChannel().tryLock()) {
            if (lock == null) {
                throw EmbeddedPostgresUnavailableException.dataDirectoryInUse(cluster.toString());
            }
            log.warn(
                    "Stopping PostgreSQL (pid {}) left running on {} by an earlier EventLens",
                    postmaster.get().pid(),
                    cluster);
            // SIGTERM is PostgreSQL's "smart" shutdown; its clients died with the old JVM, so it stops promptly.
            postmaster.get().destroy();
            if (!ProcessExit.await(postmaster.get(), Duration.ofSeconds(30))) {
                throw new IllegalStateException(
                        "Could not stop the PostgreSQL (pid " + postmaster.get().pid() + ") left running on " + cluster
                                + "; stop it by hand and start EventLens again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping the orphaned PostgreSQL", e);
        }
    }

    /** The postmaster running the cluster in the directory, as its postmaster.pid names it. */
    static ProcessHandle postmaster(EmbeddedPostgres server, Path directory) throws IOException {
        return postmaster(directory.toAbsolutePath().normalize().resolve("postmaster.pid"))
                .orElseThrow(() -> new IllegalStateException(
                        "No running postmaster in " + directory + " (port " + server.getPort() + ")"));
    }

    /** The live process named in postmaster.pid, if it still is a postgres (pids get reused). */
    private static Optional<ProcessHandle> postmaster(Path pidFile) throws IOException {
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.getFirst().trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info()
                        .command()
                        .map(command -> command.contains("postgres"))
                        .orElse(false));
    }

    private static void createDatabaseIfMissing(EmbeddedPostgres postgres, String database) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet result = exists.executeQuery()) {
                if (result.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                // DDL takes no bind parameters; the name is checked to be a plain identifier by the properties.
                create.execute("CREATE DATABASE \"" + database + "\"");
            }
            log.info("Created database {} in the embedded PostgreSQL", database);
        }
    }

    /** Fails the start rather than run a server that could lose acknowledged events. */
    private static void verifyDurability(EmbeddedPostgres postgres, String database) throws SQLException {
        try (Connection connection = postgres.getDatabase(SUPERUSER, database).getConnection();
                PreparedStatement show = connection.prepareStatement("SELECT current_setting(?)")) {
            for (String setting : DURABILITY_SETTINGS) {
                show.setString(1, setting);
                try (ResultSet result = show.executeQuery()) {
                    result.next();
                    String value = result.getString(1);
                    if (!"on".equals(value)) {
                        throw new IllegalStateException(
                                setting + " is " + value + ": acknowledged events could be lost");
                    }
                }
            }
        }
    }
}
