package io.eventlens.app.backup;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code eventlens backup FILE} and {@code eventlens restore FILE}: archive the embedded data directory (while the app
 * runs, or not) and unpack such an archive into an empty one. The data directory is {@code --eventlens.data-dir=DIR},
 * else {@code EVENTLENS_DATA_DIR}, else {@code ./data}, as for the app. Exit codes: 0 done, 1 failed, 2 bad arguments.
 */
public final class BackupCommand {

    /** The first program argument that selects a backup. */
    public static final String BACKUP = "backup";

    /** The first program argument that selects a restore. */
    public static final String RESTORE = "restore";

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String DATA_DIR_OPTION = "--eventlens.data-dir=";

    private BackupCommand() {}

    /** Whether {@code name} is one of this class's commands. */
    public static boolean handles(String name) {
        return name.equals(BACKUP) || name.equals(RESTORE);
    }

    /** Runs {@code command} with its arguments (the archive, optionally the data directory). */
    public static int run(
            String command, String[] arguments, Map<String, String> environment, PrintStream out, PrintStream err) {
        Path dataDir = Path.of(environment.getOrDefault("EVENTLENS_DATA_DIR", "./data"));
        List<String> files = new ArrayList<>();
        for (String argument : arguments) {
            if (argument.startsWith(DATA_DIR_OPTION)) {
                dataDir = Path.of(argument.substring(DATA_DIR_OPTION.length()));
            } else if (argument.startsWith("-")) {
                err.println("eventlens " + command + ": unknown option " + argument);
                err.println(usage(command));
                return USAGE;
            } else {
                files.add(argument);
            }
        }
        if (files.size() != 1) {
            err.println(usage(command));
            return USAGE;
        }
        Path archive = Path.of(files.getFirst());
        try {
            if (command.equals(BACKUP)) {
                ClusterBackup.Summary summary = ClusterBackup.backup(dataDir, archive);
                out.printf(
                        "Backed up %s to %s: %d files, %d MB%s%n",
                        dataDir,
                        archive,
                        summary.files(),
                        summary.bytes() >> 20,
                        summary.online() ? " (online, consistent as of its end)" : " (server stopped)");
            } else {
                int restored = ClusterRestore.restore(archive, dataDir);
                out.printf(
                        "Restored %d files from %s into %s; start EventLens with this data directory%n",
                        restored, archive, dataDir);
            }
            return OK;
        } catch (Exception e) {
            err.println("eventlens " + command + " failed: " + e.getMessage());
            return FAILED;
        }
    }

    private static String usage(String command) {
        return "usage: ./eventlens " + command + " FILE [--eventlens.data-dir=DIR]";
    }
}
