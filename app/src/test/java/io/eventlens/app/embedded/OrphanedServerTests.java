package io.eventlens.app.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.TestRun;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** After a killed EventLens, the next start takes over the cluster its PostgreSQL still holds, data intact. */
class OrphanedServerTests {

    @Test
    void aServerLeftRunningByAKilledEventLensIsStoppedAndItsDataKept() throws Exception {
        Path directory = Path.of("target", "test-data", TestRun.ID, "orphan-" + UUID.randomUUID())
                .toAbsolutePath();
        Path log = Files.createDirectories(directory.getParent()).resolve(directory.getFileName() + ".log");
        Process crashing = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        CrashingEventLens.class.getName(),
                        directory.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(crashing.waitFor(120, TimeUnit.SECONDS))
                .as("child finished, see " + log)
                .isTrue();
        assertThat(crashing.exitValue()).as("child exit, see " + log).isZero();

        long orphan = Long.parseLong(Files.readAllLines(directory.resolve("postmaster.pid"))
                .getFirst()
                .trim());
        assertThat(alive(orphan)).as("the postmaster outlived its JVM").isTrue();

        try (EmbeddedPostgres postgres = EmbeddedPostgresLauncher.start(
                        directory, new EmbeddedPostgresProperties(0, "eventlens", Duration.ofSeconds(60)));
                Connection connection = postgres.getDatabase(EmbeddedPostgresLauncher.SUPERUSER, "eventlens")
                        .getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT note FROM kept")) {
            // Ended, though maybe not reaped yet by whoever inherited it.
            ProcessHandle.of(orphan)
                    .ifPresent(process ->
                            process.onExit().orTimeout(10, TimeUnit.SECONDS).join());
            assertThat(alive(orphan)).as("the orphan was stopped").isFalse();
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo(CrashingEventLens.NOTE);
        } finally {
            ProcessHandle.of(orphan).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static boolean alive(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        return process.isPresent() && process.get().isAlive();
    }
}
