package io.eventlens.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used so far by a process, or by every PostgreSQL server process, from Linux's {@code /proc}: user plus
 * system time in milliseconds. Elsewhere (or for an unknown pid) it reads 0, and the benchmark prints "n/a".
 */
final class ProcessCpu {

    /** Linux's USER_HZ, the unit of /proc/<pid>/stat times, on every common architecture. */
    private static final long TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    static boolean available() {
        return Files.isDirectory(Path.of("/proc/self"));
    }

    static long millis(long pid) {
        return pid <= 0 ? 0 : ticks(Path.of("/proc", String.valueOf(pid), "stat")) * 1000 / TICKS_PER_SECOND;
    }

    /** All processes named {@code postgres}: the server and its backends, whoever started them. */
    static long postgresMillis() {
        if (!available()) {
            return 0;
        }
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(ProcessCpu::isPostgres)
                    .mapToLong(p -> ticks(p.resolve("stat"))).sum() * 1000 / TICKS_PER_SECOND;
        } catch (IOException e) {
            return 0;
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
