package io.eventlens.app.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unpacks a {@link ClusterBackup} archive into an empty data directory. The next start of EventLens on it starts the
 * embedded PostgreSQL there, which replays the archived WAL up to the end of the backup before it takes connections.
 */
final class ClusterRestore {

    private ClusterRestore() {}

    /** Returns the number of files restored. */
    static int restore(Path archive, Path dataDir) throws IOException {
        Path target = dataDir.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            try (Stream<Path> present = Files.list(target)) {
                if (present.findAny().isPresent()) {
                    throw new IOException(target + " is not empty: restore only into an empty (or new) data "
                            + "directory, so nothing of another installation is mixed in");
                }
            }
        }
        Files.createDirectories(target);
        int files = 0;
        boolean cluster = false;
        try (InputStream file = Files.newInputStream(archive);
                ZipInputStream zip = new ZipInputStream(file)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target) || path.equals(target)) {
                    throw new IOException("the archive holds an entry outside the data directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(zip, path);
                    files++;
                }
                cluster |= entry.getName().equals(ClusterBackup.CLUSTER + "/PG_VERSION");
            }
        }
        if (!cluster) {
            throw new IOException(archive + " is no EventLens backup: it holds no PostgreSQL cluster");
        }
        // PostgreSQL refuses to start on a data directory others may read.
        Files.setPosixFilePermissions(
                target.resolve(ClusterBackup.CLUSTER), PosixFilePermissions.fromString("rwx------"));
        return files;
    }
}
