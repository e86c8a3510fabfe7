package io.eventlens.app.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes the data directory into one zip archive: the embedded PostgreSQL cluster as a base backup, plus the
 * directory's own files (admin token, demo keys). The embedded Redis holds nothing worth keeping.
 *
 * <p>With the server running, this is PostgreSQL's low-level base backup, the way {@code pg_basebackup -X fetch}
 * makes one (the embedded binaries do not ship it): a temporary replication slot keeps the WAL the backup needs,
 * {@code pg_backup_start} marks where recovery must begin, the files are copied while the server keeps writing,
 * {@code pg_backup_stop} returns the {@code backup_label}, and the WAL written meanwhile is copied last. A server
 * started on the restored directory replays that WAL to the moment of {@code pg_backup_stop}: every transaction
 * committed before the backup began is there, and nothing half-done. With the server stopped, the files are
 * copied as they are (PostgreSQL recovers them like after a crash).
 */
final class ClusterBackup {

    /** The cluster's directory inside the data directory (EmbeddedPostgresAutoConfiguration's choice). */
    static final String CLUSTER = "postgres";

    /** Left out of the data directory's own files: Redis keeps nothing (no persistence), only pid files. */
    private static final Set<String> NOT_BACKED_UP = Set.of(CLUSTER, "redis");

    /** Run-time files a backup must not carry (pg_basebackup leaves them out too), and zonky's lock. */
    private static final Set<String> SKIPPED_FILES = Set.of(
            "postmaster.pid",
            "postmaster.opts",
            "epg-lock",
            "backup_label",
            "backup_label.old",
            "tablespace_map",
            "tablespace_map.old",
            "pg_internal.init");

    /** Directories whose contents are recreated at start (or, for pg_wal, copied after the backup stopped). */
    private static final Set<String> EMPTIED_DIRECTORIES = Set.of(
            "pg_wal",
            "pg_replslot",
            "pg_dynshmem",
            "pg_notify",
            "pg_serial",
            "pg_snapshots",
            "pg_stat_tmp",
            "pg_subtrans");

    private static final String CONTROL_FILE = "global/pg_control";

    private ClusterBackup() {}

    /** What a finished backup holds, for the command's summary line. */
    record Summary(boolean online, int files, long bytes) {}

    static Summary backup(Path dataDir, Path archive) throws IOException, SQLException {
        Path cluster = dataDir.resolve(CLUSTER).toAbsolutePath().normalize();
        if (!Files.isRegularFile(cluster.resolve("PG_VERSION"))) {
            throw new IOException("no embedded PostgreSQL cluster in " + cluster);
        }
        Path partial = archive.resolveSibling(archive.getFileName() + ".partial");
        // Readable by the owner only: the archive holds the admin token and the demo keys, and every event.
        Files.deleteIfExists(partial);
        Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Summary summary;
        try (OutputStream file = Files.newOutputStream(partial);
                ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.setLevel(1); // WAL and table files are mostly pages: fast beats small here
            Archive out = new Archive(zip);
            out.directory(CLUSTER);
            Optional<Integer> port = RunningCluster.port(cluster);
            if (port.isPresent()) {
                online(cluster, port.get(), out);
            } else {
                copyCluster(cluster, out, true);
            }
            copyOwnFiles(dataDir, out);
            summary = new Summary(port.isPresent(), out.files, out.bytes);
        } catch (IOException | SQLException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        // Only a complete archive gets the name: a failed run never leaves a file that looks like a backup.
        Files.move(
                partial,
                archive,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return summary;
    }

    private static void online(Path cluster, int port, Archive out) throws IOException, SQLException {
        String url = "jdbc:postgresql://localhost:" + port + "/postgres?ApplicationName=eventlens-backup";
        try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
            // Temporary: dropped with this session, whatever happens to the backup.
            execute(
                    connection,
                    "SELECT pg_create_physical_replication_slot(?, true, true)",
                    "eventlens_backup_" + ProcessHandle.current().pid());
            String firstSegment = firstValue(
                    connection, "SELECT pg_walfile_name(pg_backup_start(?, true))", "eventlens " + Instant.now());
            String label;
            String tablespaces;
            String lastSegment;
            try {
                copyCluster(cluster, out, false);
            } finally {
                try (PreparedStatement stop = connection.prepareStatement(
                                "SELECT labelfile, spcmapfile, pg_walfile_name(lsn) FROM pg_backup_stop(false)");
                        ResultSet result = stop.executeQuery()) {
                    result.next();
                    label = result.getString(1);
                    tablespaces = result.getString(2);
                    lastSegment = result.getString(3);
                }
            }
            out.text(CLUSTER + "/backup_label", label);
            if (tablespaces != null && !tablespaces.isEmpty()) {
                out.text(CLUSTER + "/tablespace_map", tablespaces);
            }
            // After the stop: the WAL from the backup's start to its end record, held back by the slot. Segment names
            // sort in WAL order; later ones are recycled files waiting for reuse (min_wal_size), not needed.
            try (Stream<Path> files = Files.list(cluster.resolve("pg_wal"))) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    String name = file.getFileName().toString();
                    boolean needed = name.endsWith(".history")
                            || (name.matches("[0-9A-F]{24}")
                                    && name.compareTo(firstSegment) >= 0
                                    && name.compareTo(lastSegment) <= 0);
                    if (needed) {
                        out.file(CLUSTER + "/pg_wal/" + name, file);
                    }
                }
            }
        }
    }

    private static void execute(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            statement.executeQuery().close();
        }
    }

    private static String firstValue(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getString(1);
            }
        }
    }

    /** The cluster's files, {@code pg_control} last as pg_basebackup does; pg_wal too when the server is stopped. */
    private static void copyCluster(Path cluster, Archive out, boolean withWal) throws IOException {
        Files.walkFileTree(cluster, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes)
                    throws IOException {
                String name = relative(cluster, directory);
                if (!name.isEmpty()) {
                    out.directory(CLUSTER + "/" + name);
                }
                boolean emptied = EMPTIED_DIRECTORIES.contains(name) && !(withWal && name.equals("pg_wal"));
                if (emptied && name.equals("pg_wal")) {
                    out.directory(CLUSTER + "/pg_wal/archive_status");
                }
                return emptied ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String name = relative(cluster, file);
                if (attributes.isRegularFile()
                        && !SKIPPED_FILES.contains(file.getFileName().toString())
                        && !name.equals(CONTROL_FILE)
                        && !file.getFileName().toString().startsWith("pgsql_tmp")) {
                    out.fileIfPresent(CLUSTER + "/" + name, file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                if (failure instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // dropped by the server while we walked: not needed
                }
                throw failure;
            }
        });
        out.file(CLUSTER + "/" + CONTROL_FILE, cluster.resolve(CONTROL_FILE));
    }

    private static void copyOwnFiles(Path dataDir, Archive out) throws IOException {
        try (Stream<Path> files = Files.list(dataDir)) {
            for (Path file : files.sorted().toList()) {
                if (Files.isRegularFile(file)
                        && !NOT_BACKED_UP.contains(file.getFileName().toString())) {
                    out.file(file.getFileName().toString(), file);
                }
            }
        }
    }

    private static String relative(Path root, Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }

    /** The zip being written, counting what went in. */
    private static final class Archive {
        private final ZipOutputStream zip;
        int files;
        long bytes;

        Archive(ZipOutputStream zip) {
            this.zip = zip;
        }

        void directory(String name) throws IOException {
            zip.putNextEntry(new ZipEntry(name + "/"));
            zip.closeEntry();
        }

        void text(String name, String content) throws IOException {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            files++;
        }

        void file(String name, Path file) throws IOException {
            zip.putNextEntry(new ZipEntry(name));
            bytes += Files.copy(file, zip);
            zip.closeEntry();
            files++;
        }

        /** A file the server may remove while the backup runs (a dropped table's): gone is fine. */
        void fileIfPresent(String name, Path file) throws IOException {
            try (var in = Files.newInputStream(file)) {
                zip.putNextEntry(new ZipEntry(name));
                bytes += in.transferTo(zip);
                zip.closeEntry();
                files++;
            } catch (NoSuchFileException gone) {
                // nothing was written for it
            }
        }
    }
}
