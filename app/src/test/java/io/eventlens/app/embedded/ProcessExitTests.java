package io.eventlens.app.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A process counts as ended only once it let go of its ports. Found by {@code CrashRestartTests}: a killed Redis's
 * main thread already showed as a zombie while its other threads, and so its listening socket, were still there, and
 * the start then found the port in use.
 */
class ProcessExitTests {

    private static final Duration HOLD = Duration.ofSeconds(2);

    @Test
    void aZombieMainThreadWhoseOtherThreadsStillRunIsNotEnded() throws Exception {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/python3")) && Files.isDirectory(Path.of("/proc")),
                "needs Linux's /proc and python3 to end a main thread before the others");
        Path script = Files.createTempFile("zombie_main_thread", ".py");
        try (InputStream resource = getClass().getResourceAsStream("/embedded/zombie_main_thread.py")) {
            Files.write(script, resource.readAllBytes());
        }
        Process process = new ProcessBuilder(
                        "/usr/bin/python3", script.toString(), Double.toString(HOLD.toMillis() / 1000.0))
                .start();
        try {
            int port = Integer.parseInt(
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))
                            .readLine()
                            .strip());
            Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
            long started = System.nanoTime();
            while (!Files.readString(stat).contains(") Z ")) {
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(HOLD);
                Thread.sleep(5);
            }

            assertThat(ProcessExit.await(process.toHandle(), Duration.ofSeconds(10)))
                    .isTrue();

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(HOLD.dividedBy(2));
            try (ServerSocket free = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(free.getLocalPort()).isEqualTo(port);
            }
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(script);
        }
    }
}
