package io.eventlens.app.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A small file system of its own for an app's data directory (a sized tmpfs), and a file that fills it, for the
 * disk-full fault. Mounting takes root with the right to mount; where that is missing the fault is left out and the
 * loop says so.
 */
final class SmallDisk implements AutoCloseable {

    private static final int CHUNK = 1 << 20;

    private final Path directory;
    private final Path filler;

    private SmallDisk(Path directory) {
        this.directory = directory;
        this.filler = directory.resolve("disk-full-filler");
    }

    /** Mounts a tmpfs of {@code megabytes} on {@code directory} (created if missing), or answers why it could not. */
    static SmallDisk mount(Path directory, int megabytes) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        String problem =
                run(List.of("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", directory.toString()));
        if (problem != null) {
            throw new IOException("a small disk cannot be mounted here (" + problem + ")");
        }
        return new SmallDisk(directory);
    }

    /** Writes until the file system is full; answers how many megabytes it took. */
    long fill() throws IOException {
        long written = 0;
        byte[] chunk = new byte[CHUNK];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
                written += CHUNK;
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
        return written >> 20;
    }

    /** Frees what {@link #fill} took. */
    void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        free();
        run(List.of("umount", "--lazy", directory.toString())); // lazy: a process may still hold a file open
    }

    private static @Nullable String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes()).strip();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " did not end";
        }
        return process.exitValue() == 0 ? null : String.join(" ", command) + ": " + output;
    }
}
