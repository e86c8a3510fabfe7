package io.eventlens.app.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * Starts the embedded Redis: loopback only and without persistence, since it only relays live notifications
 * between instances (a lost message costs a refresh, never data).
 *
 * <p>The server is a child process. A normal exit of the JVM stops it (embedded-redis registers a shutdown hook, and
 * the context stops it first); a killed JVM leaves it running and holding its port. So the server writes a pid file
 * into the data directory, and each start first ends the servers that an earlier, dead EventLens left behind.
 */
final class EmbeddedRedisLauncher {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedisLauncher.class);

    static final String ADDRESS = "127.0.0.1";

    /** SIGKILL ends a process at once; past this something is wrong with the machine. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private EmbeddedRedisLauncher() {}

    static RedisServer start(Path directory, EmbeddedRedisProperties properties) throws IOException {
        Path home = directory.toAbsolutePath().normalize();
        Files.createDirectories(home);
        stopOrphanedServers(home);
        int port = properties.port() == 0 ? freePort() : properties.port();
        if (properties.port() != 0) {
            ensurePortIsFree(port);
        }
        RedisPidFile pidFile = RedisPidFile.forLaunch(home, port);
        RedisServer server = RedisServer.newRedisServer()
                .port(port)
                .bind(ADDRESS)
                .setting("save \"\"")
                .setting("appendonly no")
                // Written by Redis itself as it starts, so no moment exists where a server runs unrecorded.
                .setting("pidfile " + quoted(pidFile.file()))
                .build();
        server.start();
        log.info("Embedded Redis ready: redis://localhost:{} (redis-cli -p {})", port, port);
        return server;
    }

    /** The server this JVM launched in the directory on the port, as its pid file names it. */
    static ProcessHandle process(Path directory, int port) throws IOException {
        RedisPidFile pidFile = RedisPidFile.forLaunch(directory.toAbsolutePath().normalize(), port);
        return pidFile.server()
                .orElseThrow(() -> new IllegalStateException("No embedded Redis of ours runs on port " + port
                        + " (no live server named in " + pidFile.file() + ")"));
    }

    /**
     * Ends every server recorded in the directory whose launcher is gone, and forgets the records of servers that
     * are gone too. A server still run by a live EventLens, or any process that is not the recorded server, is left
     * alone.
     */
    static void stopOrphanedServers(Path directory) throws IOException {
        List<RedisPidFile> pidFiles;
        try (Stream<Path> files = Files.list(directory)) {
            pidFiles = files.map(RedisPidFile::of).flatMap(Optional::stream).toList();
        }
        for (RedisPidFile pidFile : pidFiles) {
            Optional<ProcessHandle> orphan = pidFile.orphan();
            if (orphan.isPresent()) {
                stop(orphan.get(), pidFile);
                Files.deleteIfExists(pidFile.file());
            } else if (pidFile.server().isEmpty() && !pidFile.launcherAlive()) {
                // Its server died with its launcher: only the record is left. (While the launcher lives, the file
                // may be one its server is writing right now.)
                Files.deleteIfExists(pidFile.file());
            }
        }
    }

    private static void stop(ProcessHandle orphan, RedisPidFile pidFile) throws IOException {
        log.warn(
                "Stopping the embedded Redis (pid {}, port {}) left running by an earlier EventLens (pid {})",
                orphan.pid(),
                pidFile.port(),
                pidFile.launcher());
        Optional<Path> executable = RedisPidFile.executable(orphan);
        // SIGKILL at once: the server keeps nothing to save (no persistence) and its clients died with their JVM; a
        // stopped (SIGSTOP) server would not even act on SIGTERM.
        orphan.destroyForcibly();
        try {
            if (!ProcessExit.await(orphan, STOP_TIMEOUT)) {
                throw new IllegalStateException("Could not stop the Redis (pid " + orphan.pid() + ") left running on "
                        + "port " + pidFile.port() + " by an earlier EventLens; stop it by hand and start EventLens "
                        + "again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping the orphaned Redis", e);
        }
        executable.ifPresent(EmbeddedRedisLauncher::deleteExtractedBinary);
    }

    /** embedded-redis unpacks its binary into a fresh temporary directory per start; a killed JVM leaves it there. */
    private static void deleteExtractedBinary(Path binary) {
        Path folder = binary.getParent();
        Path temp =
                Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        if (folder == null
                || !temp.equals(folder.getParent())
                || !folder.getFileName().toString().startsWith("redis-")) {
            return;
        }
        try {
            Files.deleteIfExists(binary);
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            log.debug("Could not delete {}: {}", folder, e.toString());
        }
    }

    /** A path as a double-quoted redis.conf string. */
    private static String quoted(Path path) {
        return "\""
                + path.toString()
                        .replace("\\", "\\\\")
                        .replace("\"", "\\\"")
                        .replace("\n", "\\n")
                        .replace("\r", "\\r") + "\"";
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static void ensurePortIsFree(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "The embedded Redis could not start: port " + port + " is in use. Set "
                            + "eventlens.embedded-redis.port to a free port (0 picks one) or point eventlens.redis.url at a "
                            + "running Redis.",
                    e);
        }
    }
}
