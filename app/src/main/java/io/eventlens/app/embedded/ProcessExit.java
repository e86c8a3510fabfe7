package io.eventlens.app.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Waits for a process that is not our child to end. {@link ProcessHandle#onExit()} polls such a process from 300 ms
 * on and counts a zombie as alive until whoever inherited it reaps it, which some inits do only every second or so;
 * an exited process has let go of its ports and files by then, so a zombie counts as ended here, once its last
 * thread is gone too: a zombie main thread waits for the others, and they hold the files until they end.
 */
final class ProcessExit {

    private static final long POLL_MILLIS = 10;

    private ProcessExit() {}

    /** Whether the process ended within the timeout. */
    static boolean await(ProcessHandle process, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running(process)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }

    /** Whether the process still runs, a zombie whose threads are all gone counting as ended. */
    static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        Path proc = Path.of("/proc", Long.toString(process.pid()));
        try {
            // "pid (command) state ...": the command may hold spaces and parentheses, the state follows the last ')'.
            String line = new String(Files.readAllBytes(proc.resolve("stat")), StandardCharsets.UTF_8);
            int end = line.lastIndexOf(')');
            char state = end >= 0 && end + 2 < line.length() ? line.charAt(end + 2) : 'R';
            return state != 'Z' && state != 'X' || threads(proc) > 1;
        } catch (IOException | UncheckedIOException | SecurityException e) {
            // No /proc (not Linux) or the process just went: ask the JDK.
            return process.isAlive();
        }
    }

    private static long threads(Path proc) throws IOException {
        try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
            return tasks.count();
        }
    }
}
