package io.eventlens.app.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pid file an embedded Redis writes for the EventLens that launched it, {@code redis-<port>-<launcher pid>.pid}:
 * Redis writes its pid there as it starts and removes the file when it stops, so a file left behind names a server
 * that outlived its launcher, or one that died with it.
 *
 * @param file the pid file, in the data directory's {@code redis/}
 * @param port the port the server was told to listen on
 * @param launcher the pid of the JVM that launched the server
 */
record RedisPidFile(Path file, int port, long launcher) {

    private static final Pattern NAME = Pattern.compile("redis-(\\d{1,5})-(\\d{1,19})\\.pid");

    /** The binary embedded-redis runs is named {@code redis-server-<version>-<platform>}. */
    private static final String EXECUTABLE_PREFIX = "redis-server";

    /**
     * Redis writes its pid file within moments of starting; a process that started much earlier or later than the file
     * was written is another one that got the pid since. Wide enough for a slow start or a clock adjustment.
     */
    private static final Duration START_TOLERANCE = Duration.ofSeconds(60);

    /** The pid file a server launched now by this JVM on the given port writes. */
    static RedisPidFile forLaunch(Path directory, int port) {
        long launcher = ProcessHandle.current().pid();
        return new RedisPidFile(directory.resolve("redis-" + port + "-" + launcher + ".pid"), port, launcher);
    }

    /** The file as a pid file of ours, if its name is one. */
    static Optional<RedisPidFile> of(Path file) {
        Matcher name = NAME.matcher(file.getFileName().toString());
        if (!name.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RedisPidFile(file, Integer.parseInt(name.group(1)), Long.parseLong(name.group(2))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The server this file names, if it still runs, really is that Redis and its launcher is gone. Every check must
     * pass before anything is ended: the pid is alive, runs a {@code redis-server} binary whose process title names
     * this port, started when the file was written (pids get reused), and is no longer the launcher's child (a child
     * changes parent only when its parent dies).
     */
    Optional<ProcessHandle> orphan() throws IOException {
        Optional<ProcessHandle> server = server();
        if (server.isEmpty()) {
            return Optional.empty();
        }
        boolean stillItsChild =
                server.get().parent().map(parent -> parent.pid() == launcher).orElse(false);
        return stillItsChild ? Optional.empty() : server;
    }

    /** Whether a process with the launcher's pid runs (it may be another one by now; then the record waits). */
    boolean launcherAlive() {
        return ProcessHandle.of(launcher).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The live process this file names, if it is this Redis server; whoever launched it. */
    Optional<ProcessHandle> server() throws IOException {
        Optional<Long> pid = pid();
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
        if (process.isEmpty() || !runsRedis(process.get()) || !listensOnPort(pid.get())) {
            return Optional.empty();
        }
        Instant written;
        try {
            written = Files.getLastModifiedTime(file).toInstant();
        } catch (NoSuchFileException e) {
            return Optional.empty(); // the server stopped just now and took its file along
        }
        boolean startedThen = process.get()
                .info()
                .startInstant()
                .map(started -> Duration.between(started, written).abs().compareTo(START_TOLERANCE) <= 0)
                .orElse(false);
        return startedThen ? process : Optional.empty();
    }

    /** The path of the binary the process runs, as the OS reports it. */
    static Optional<Path> executable(ProcessHandle process) {
        // Linux marks a binary removed while it runs with this suffix.
        return process.info().command().map(command -> Path.of(command.replace(" (deleted)", "")));
    }

    private Optional<Long> pid() throws IOException {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return text.matches("\\d{1,19}") ? Optional.of(Long.parseLong(text)) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static boolean runsRedis(ProcessHandle process) {
        return executable(process)
                .map(path -> path.getFileName() != null
                        && path.getFileName().toString().startsWith(EXECUTABLE_PREFIX))
                .orElse(false);
    }

    /**
     * Redis sets its process title to {@code <binary> <address>:<port>}; the title is read where the OS shows it
     * ({@code /proc} on Linux). Where it cannot be read the check fails, and nothing is ended.
     */
    private boolean listensOnPort(long pid) {
        Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
        try {
            String title = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
            return Arrays.asList(title.split("[\\s\\x00]+")).contains(EmbeddedRedisLauncher.ADDRESS + ":" + port);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
