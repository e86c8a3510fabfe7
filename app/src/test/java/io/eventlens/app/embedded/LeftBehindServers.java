package io.eventlens.app.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Ends the embedded PostgreSQL and Redis a killed app left running in its data directory, for tests elsewhere that
 * kill apps and must not leave servers behind when the restart they expect fails.
 */
public final class LeftBehindServers {

    private LeftBehindServers() {}

    /** Ends the orphaned Redis servers and the PostgreSQL of {@code dataDir}, if any. */
    public static void stop(Path dataDir) throws IOException {
        if (Files.isDirectory(dataDir.resolve("redis"))) {
            EmbeddedRedisLauncher.stopOrphanedServers(dataDir.resolve("redis"));
        }
        Path postmaster = dataDir.resolve("postgres").resolve("postmaster.pid");
        if (Files.exists(postmaster)) {
            long pid = Long.parseLong(Files.readAllLines(postmaster).getFirst().strip());
            ProcessHandle.of(pid)
                    .filter(process -> process.info().command().orElse("").contains("postgres"))
                    .ifPresent(process -> {
                        process.destroy();
                        process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
                    });
        }
    }
}
