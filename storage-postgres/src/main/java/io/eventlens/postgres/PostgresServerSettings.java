package io.eventlens.postgres;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PostgreSQL server settings EventLens runs best with, in one place: the embedded server starts with them, and
 * an external server is checked against the ones that matter most at start ({@link PostgresSettingsCheck}). Chosen for
 * this workload: many short analytic reads over rollups and a fresh tail, and durable batched writes. Memory is sized
 * from the machine within bounds, so a laptop and a server both get something sensible; docs/postgres.md explains
 * each one.
 */
public final class PostgresServerSettings {

    private static final long MB = 1024L * 1024;
    private static final long GB = 1024 * MB;

    private PostgresServerSettings() {}

    /** The settings for a server on a machine with {@code memoryBytes} of RAM, as {@code name -> value}. */
    public static Map<String, String> recommended(long memoryBytes) {
        Map<String, String> settings = new LinkedHashMap<>();
        // Reports read thousands of rows, not millions: compiling a plan costs more than it saves (~90 ms measured
        // on a rollup-answered report, for a query that then runs in 1 ms).
        settings.put("jit", "off");
        // The hot set is the recent partitions, the rollups and their indexes; the rest of the RAM is the OS cache
        // the planner may count on.
        settings.put("shared_buffers", megabytes(clamp(memoryBytes / 8, 128 * MB, 8 * GB)));
        settings.put("effective_cache_size", megabytes(clamp(memoryBytes / 2, 512 * MB, 64 * GB)));
        // Per sort or hash of a query: breakdowns by high-cardinality dimensions and session metrics hash many groups.
        settings.put("work_mem", megabytes(clamp(memoryBytes / 768, 4 * MB, 64 * MB)));
        settings.put("maintenance_work_mem", megabytes(clamp(memoryBytes / 32, 64 * MB, 2 * GB)));
        // Solid-state storage: a random page costs little more than a sequential one, and reads can be issued ahead.
        settings.put("random_page_cost", "1.1");
        settings.put("effective_io_concurrency", "200");
        // Steady ingest: fewer, spread-out checkpoints write fewer full-page images to the WAL.
        settings.put("max_wal_size", "4GB");
        settings.put("min_wal_size", "1GB");
        settings.put("checkpoint_timeout", "15min");
        settings.put("checkpoint_completion_target", "0.9");
        settings.put("wal_buffers", "16MB");
        // Evidence for operators: which statements take the time, and how long their I/O waits.
        settings.put("shared_preload_libraries", "pg_stat_statements");
        settings.put("track_io_timing", "on");
        return settings;
    }

    /**
     * What an external server should have, where it matters enough to warn at start: name, recommended value, and
     * why, for the one warning line the check logs.
     */
    static Map<String, String> checked() {
        Map<String, String> checked = new LinkedHashMap<>();
        checked.put("jit", "off: compiling plans costs more than the short reports it speeds up");
        checked.put("random_page_cost", "1.1 on SSDs: at 4 the planner avoids the index scans reports rely on");
        checked.put("shared_buffers", "at least 256MB: the default 128MB holds little more than the rollups");
        checked.put("work_mem", "at least 16MB: breakdowns hash many groups and spill to disk below that");
        return checked;
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }

    private static String megabytes(long bytes) {
        return bytes / MB + "MB";
    }
}
