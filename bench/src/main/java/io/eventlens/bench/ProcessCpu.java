package io.eventlens.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time used so far by a process, or by a PostgreSQL server and its backends, from Linux's {@code /proc}: user
 * plus system time in milliseconds. Elsewhere (or for an unknown pid) it reads 0, and the benchmark prints "n/a".
 */
final class ProcessCpu {

    /** Linux's USER_HZ, the unit of /proc/<pid>/stat times, on every common architecture. */
    private static final long TICKS_PER_SECOND = 100;

    private ProcessCpu() {}

    static boolean available() {
        return Files.isDirectory(Path.of("/proc/self"));
    }

    /**
     * The process's CPU time without its JIT compiler threads: a benchmark of a few thousand requests still pays the
     * JVM's compilation of the paths it warms, a server that runs for days does not (measured: C2 alone added
     * 1-9 ms per report over the first thousand requests).
     */
    static long millis(long pid) {
        if (pid <= 0) {
            return 0;
        }
        long ticks = ticks(Path.of("/proc", String.valueOf(pid), "stat"));
        try (Stream<Path> threads = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            ticks -= threads.filter(ProcessCpu::isCompilerThread)
                    .mapToLong(t -> ticks(t.resolve("stat")))
                    .sum();
        } catch (IOException e) {
            // no thread list: the whole process's time
        }
        return ticks * 1000 / TICKS_PER_SECOND;
    }

    private static boolean isCompilerThread(Path thread) {
        try {
            return Files.readString(thread.resolve("comm")).contains("CompilerThre");
        } catch (IOException e) {
            return false; // ended meanwhile
        }
    }

    /**
     * The PostgreSQL server listening on {@code port} (its postmaster's command line names the port) and its
     * backends: other PostgreSQL servers on the machine, a test's say, are not counted. Port 0: every server.
     */
    static long postgresMillis(int port) {
        if (!available()) {
            return 0;
        }
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            List<Path> servers = processes
                    .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(ProcessCpu::isPostgres)
                    .toList();
            String postmaster = port == 0
                    ? null
                    : servers.stream()
                            .filter(p -> commandLine(p).contains(" -p " + port + " "))
                            .map(p -> p.getFileName().toString())
                            .findFirst()
                            .orElse("?");
            return servers.stream()
                            .filter(p -> postmaster == null
                                    || p.getFileName().toString().equals(postmaster)
                                    || parent(p).equals(postmaster))
                            .mapToLong(p -> ticks(p.resolve("stat")))
                            .sum()
                    * 1000
                    / TICKS_PER_SECOND;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String commandLine(Path process) {
        try {
            return Files.readString(process.resolve("cmdline")).replace('\0', ' ') + " ";
        } catch (IOException e) {
            return "";
        }
    }

    private static String parent(Path process) {
        try {
            String text = Files.readString(process.resolve("stat"));
            return text.substring(text.lastIndexOf(')') + 2).split(" ")[1];
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static boolean isPostgres(Path process) {
        try {
            return Files.readString(process.resolve("comm")).strip().equals("postgres");
        } catch (IOException e) {
            return false; // ended meanwhile
        }
    }

    /** utime + stime: fields 14 and 15, counted after the command name's closing parenthesis. */
    private static long ticks(Path stat) {
        try {
            String text = Files.readString(stat);
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
