package io.eventlens.app.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Whether a PostgreSQL runs on a cluster directory, and on which port: read from its {@code postmaster.pid}. */
final class RunningCluster {

    private RunningCluster() {}

    /** The port of the live server on {@code cluster}, empty when none runs there (or the file is stale). */
    static Optional<Integer> port(Path cluster) throws IOException {
        Path pidFile = cluster.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        // Line 1 is the postmaster's pid, line 4 its port (PostgreSQL's LOCK_FILE_LINE_PORT).
        if (lines.size() < 4) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(lines.get(0).trim());
            int port = Integer.parseInt(lines.get(3).trim());
            boolean alive = ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(process -> process.info()
                            .command()
                            .map(c -> c.contains("postgres"))
                            .orElse(false))
                    .isPresent();
            return alive ? Optional.of(port) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
