package io.eventlens.clickhouse;

import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The DDL of the engine's tables, for one server or for a cluster. Events live in a ReplacingMergeTree partitioned
 * by month and ordered by {@code (project_id, type, ts, id)}: the common filters first, and the id last so that a
 * re-sent event (same project, type, time and id) collapses into one row (see the module README for the exact
 * guarantee). On a cluster each server holds a Replicated {@code events_local} and queries go through a Distributed
 * {@code events} sharded by event id, so both copies of a re-sent event meet on the same shard.
 *
 * @param cluster the cluster name, or null on a single server
 * @param retentionDays days after which events expire (a TTL), or 0 to keep them forever
 */
record ClickHouseSchema(String database, @Nullable String cluster, int retentionDays) {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    /** The table every query reads. */
    static final String EVENTS = "events";

    private static final String COLUMNS = """
            (
                project_id LowCardinality(String),
                id UUID,
                ts DateTime64(6, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
                type LowCardinality(String),
                user_id Nullable(String) CODEC(ZSTD(1)),
                session_id Nullable(String) CODEC(ZSTD(1)),
                country LowCardinality(Nullable(String)),
                device LowCardinality(Nullable(String)),
                browser LowCardinality(Nullable(String)),
                os LowCardinality(Nullable(String)),
                page Nullable(String) CODEC(ZSTD(1)),
                referrer Nullable(String) CODEC(ZSTD(1)),
                revenue Nullable(Float64) CODEC(Gorilla, ZSTD(1)),
                properties String CODEC(ZSTD(3)),
                INDEX id_bloom id TYPE bloom_filter(0.01) GRANULARITY 4
            )""";

    ClickHouseSchema {
        if (!isIdentifier(database)) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        if (cluster != null && !isIdentifier(cluster)) {
            throw new IllegalArgumentException("not a plain cluster name: " + cluster);
        }
        if (retentionDays < 0) {
            throw new IllegalArgumentException("retentionDays must not be negative: " + retentionDays);
        }
    }

    static boolean isIdentifier(String name) {
        return IDENTIFIER.matcher(name).matches();
    }

    /** The statements that create the schema, in order; each is idempotent. */
    List<String> statements() {
        String storage = " PARTITION BY toYYYYMM(ts) ORDER BY (project_id, type, ts, id)"
                + (retentionDays > 0 ? " TTL toDateTime(ts) + INTERVAL " + retentionDays + " DAY" : "");
        if (cluster == null) {
            return List.of("CREATE TABLE IF NOT EXISTS " + database + "." + EVENTS + " " + COLUMNS
                    + " ENGINE = ReplacingMergeTree" + storage);
        }
        String onCluster = " ON CLUSTER " + cluster;
        return List.of(
                "CREATE DATABASE IF NOT EXISTS " + database + onCluster,
                "CREATE TABLE IF NOT EXISTS " + database + ".events_local" + onCluster + " " + COLUMNS
                        + " ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/" + database
                        + "/events_local', '{replica}')" + storage,
                "CREATE TABLE IF NOT EXISTS " + database + "." + EVENTS + onCluster + " AS " + database
                        + ".events_local ENGINE = Distributed(" + cluster + ", " + database
                        + ", events_local, cityHash64(project_id, id))");
    }
}
