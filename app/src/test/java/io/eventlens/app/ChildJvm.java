package io.eventlens.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** A Java program run in a child JVM on the test class path, its output kept in a log file for when a test fails. */
public final class ChildJvm {

    private ChildJvm() {}

    /** Starts {@code main} with the arguments; stdout and stderr go to {@code log}. */
    public static Process start(Path log, List<String> jvmOptions, Class<?> main, String... arguments)
            throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Waits until the log holds {@code text}; fails early if the child ends first. */
    public static void awaitLine(Process child, Path log, String text, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && new String(Files.readAllBytes(log), StandardCharsets.UTF_8).contains(text)) {
                return;
            }
            if (!child.isAlive()) {
                throw new IllegalStateException("the child ended (exit " + child.exitValue() + ") before printing '"
                        + text + "'; see " + log.toAbsolutePath());
            }
            Thread.sleep(50);
        }
        throw new TimeoutException("no '" + text + "' within " + timeout + "; see " + log.toAbsolutePath());
    }
}
