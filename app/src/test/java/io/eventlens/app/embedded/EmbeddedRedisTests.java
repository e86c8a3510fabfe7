package io.eventlens.app.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventlens.app.ChildJvm;
import io.eventlens.app.TestRun;
import io.eventlens.realtime.RedisEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import redis.embedded.RedisServer;

/**
 * The embedded Redis is a child process: a killed EventLens leaves it running on its port, so the next start must
 * find and end it, and never anything it did not launch.
 */
class EmbeddedRedisTests {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EmbeddedRedisAutoConfiguration.class));

    @Test
    void aServerLeftRunningByAKilledEventLensIsStoppedAndItsPortTakenOver() throws Exception {
        Path directory = freshDirectory();
        int port = freePort();
        long orphan = launchInChild(directory, port, "halt");
        assertThat(alive(orphan)).as("the server outlived its JVM").isTrue();
        assertThat(redisPid(port)).isEqualTo(orphan);

        RedisServer redis = EmbeddedRedisLauncher.start(directory, new EmbeddedRedisProperties(port));
        try {
            assertThat(redis.ports()).containsExactly(port);
            assertThat(redisPid(port)).as("the new server holds the port").isNotEqualTo(orphan);
            // Ended, though maybe not reaped yet by whoever inherited it.
            ProcessHandle.of(orphan)
                    .ifPresent(process ->
                            process.onExit().orTimeout(10, TimeUnit.SECONDS).join());
            assertThat(alive(orphan)).as("the orphan was stopped").isFalse();
            assertThat(pidFiles(directory))
                    .singleElement()
                    .satisfies(file -> assertThat(file.getFileName().toString())
                            .isEqualTo("redis-" + port + "-"
                                    + ProcessHandle.current().pid() + ".pid"));
        } finally {
            redis.stop();
            ProcessHandle.of(orphan).ifPresent(ProcessHandle::destroyForcibly);
        }
        assertThat(pidFiles(directory))
                .as("a stopped server removes its pid file")
                .isEmpty();
    }

    @Test
    void aNormalExitOfTheJvmStopsTheServer() throws Exception {
        Path directory = freshDirectory();
        long server = launchInChild(directory, 0, "exit");

        ProcessHandle.of(server)
                .ifPresent(process ->
                        process.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        assertThat(alive(server)).isFalse();
        assertThat(pidFiles(directory)).isEmpty();
    }

    @Test
    void aRedisWeDidNotLaunchIsNeverStopped() throws Exception {
        Path directory = Files.createDirectories(freshDirectory());
        int port = freePort();
        RedisServer stranger = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .build();
        stranger.start();
        long strangerPid = redisPid(port);
        Process bystander = new ProcessBuilder("sleep", "60").start();
        try {
            long deadLauncher = deadPid();
            // A record naming the stranger, written long after it started: its pid was "reused" by the stranger.
            Path reused = directory.resolve("redis-" + port + "-" + deadLauncher + ".pid");
            Files.writeString(reused, strangerPid + "\n");
            Files.setLastModifiedTime(reused, FileTime.from(Instant.now().plus(Duration.ofHours(1))));
            // A record naming a process that is no Redis at all.
            Files.writeString(
                    directory.resolve("redis-" + (port + 1) + "-" + deadLauncher + ".pid"), bystander.pid() + "\n");

            assertThatThrownBy(() -> EmbeddedRedisLauncher.start(directory, new EmbeddedRedisProperties(port)))
                    .hasMessageContaining("port " + port + " is in use")
                    .hasMessageContaining("eventlens.embedded-redis.port");

            assertThat(alive(strangerPid)).isTrue();
            assertThat(ping(port)).isTrue();
            assertThat(bystander.isAlive()).isTrue();
        } finally {
            bystander.destroyForcibly();
            stranger.stop();
        }
    }

    @Test
    void aServerOfALiveEventLensIsLeftAlone() throws Exception {
        Path directory = freshDirectory();
        RedisServer first = EmbeddedRedisLauncher.start(directory, new EmbeddedRedisProperties(0));
        try {
            RedisServer second = EmbeddedRedisLauncher.start(directory, new EmbeddedRedisProperties(0));
            second.stop();
            assertThat(ping(first.ports().getFirst())).isTrue();
            assertThat(pidFiles(directory)).hasSize(1);
        } finally {
            first.stop();
        }
    }

    @Test
    void withoutAUrlItStartsOneRecordedInTheDataDirectory() throws IOException {
        Path dataDir = freshDirectory();
        contexts.withPropertyValues("eventlens.data-dir=" + dataDir, "eventlens.embedded-redis.port=0")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(RedisServer.class);
                    int port = context.getBean(RedisServer.class).ports().getFirst();
                    assertThat(context.getBean(RedisEndpoint.class).url()).isEqualTo("redis://127.0.0.1:" + port);
                    List<Path> recorded = pidFiles(dataDir.resolve("redis"));
                    assertThat(recorded).hasSize(1);
                    assertThat(Files.readString(recorded.getFirst()).strip()).isEqualTo(Long.toString(redisPid(port)));
                });
        assertThat(pidFiles(dataDir.resolve("redis"))).isEmpty();
    }

    /** Starts the server in a child JVM that then halts or exits; returns the server's pid, as Redis reports it. */
    private static long launchInChild(Path directory, int port, String end) throws Exception {
        Path log = directory.resolveSibling(directory.getFileName() + "-" + end + ".log");
        Process child =
                ChildJvm.start(log, List.of(), CrashingRedis.class, directory.toString(), Integer.toString(port), end);
        assertThat(child.waitFor(60, TimeUnit.SECONDS))
                .as("child finished, see " + log)
                .isTrue();
        assertThat(child.exitValue()).as("child exit, see " + log).isZero();
        String output = Files.readString(log);
        return output.lines()
                .filter(line -> line.startsWith(CrashingRedis.PID))
                .findFirst()
                .map(line -> Long.parseLong(
                        line.substring(CrashingRedis.PID.length()).strip()))
                .orElseThrow(() -> new AssertionError(output));
    }

    /** The pid the server on the port reports ({@code INFO server}): asked of Redis, not of our records. */
    static long redisPid(int port) throws IOException {
        String info = command(port, "INFO server");
        return info.lines()
                .filter(line -> line.startsWith("process_id:"))
                .findFirst()
                .map(line ->
                        Long.parseLong(line.substring("process_id:".length()).strip()))
                .orElseThrow(() -> new AssertionError(info));
    }

    static boolean ping(int port) {
        try {
            return command(port, "PING").startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /** One inline command and its whole reply, read until the server has nothing more to say for a moment. */
    private static String command(int port, String command) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<Path> pidFiles(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".pid"))
                    .toList();
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static long deadPid() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        return done.pid();
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static Path freshDirectory() {
        return Path.of("target", "test-data", TestRun.ID, "redis-" + UUID.randomUUID())
                .toAbsolutePath();
    }
}
