package io.eventlens.clickhouse;

import io.eventlens.core.event.EventColumn;
import io.eventlens.core.rollup.Rollup;
import io.eventlens.sql.EventSql;
import java.util.List;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * The DDL of rollups: {@code rollup_definitions} (the rollups projects defined), {@code rollup_rows} (an
 * AggregatingMergeTree holding every rollup of every project) and {@code rollup_feed}, the materialized view that adds
 * each inserted block of events to the built-in rollups and to the rollups its project defined. Created right after
 * the events table, before any write, so the built-in rollups hold every event ever stored.
 */
record RollupSchema(String database, @Nullable String cluster) {

    static final String DEFINITIONS = "rollup_definitions";
    static final String ROWS = "rollup_rows";

    /** Stages of a defined rollup: the feed adds to it from {@link #FED} on; it answers reports once {@link #READY}. */
    static final int DEFINED = 0;

    static final int FED = 1;
    static final int READY = 2;

    private static final String DEFINITION_COLUMNS = """
            (
                project_id String,
                name String,
                grain_seconds UInt32,
                columns Array(String),
                sketches UInt8,
                stage UInt8,
                generation UInt64,
                removed UInt8,
                version UInt64
            )""";

    private static final String ROW_COLUMNS = """
            (
                project_id LowCardinality(String),
                rollup_name LowCardinality(String),
                bucket DateTime64(6, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
                type LowCardinality(Nullable(String)),
                country LowCardinality(Nullable(String)),
                device LowCardinality(Nullable(String)),
                browser LowCardinality(Nullable(String)),
                os LowCardinality(Nullable(String)),
                page Nullable(String),
                referrer Nullable(String),
                user_id Nullable(String),
                session_id Nullable(String),
                events SimpleAggregateFunction(sum, UInt64),
                revenue SimpleAggregateFunction(sum, Decimal(38, 9)),
                users AggregateFunction(uniqCombined(12), String),
                sessions AggregateFunction(uniqCombined(12), String)
            )""";

    RollupSchema {
        if (!ClickHouseSchema.isIdentifier(database)) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        if (cluster != null && !ClickHouseSchema.isIdentifier(cluster)) {
            throw new IllegalArgumentException("not a plain cluster name: " + cluster);
        }
    }

    /** The statements that create the rollup tables and the feed, in order; each is idempotent. */
    List<String> statements() {
        String rowsStorage = " PARTITION BY toYYYYMM(bucket) ORDER BY (project_id, rollup_name, bucket, " + keyNames()
                + ") SETTINGS allow_nullable_key = 1";
        String definitionsStorage = " ORDER BY (project_id, name)";
        if (cluster == null) {
            return List.of(
                    "CREATE TABLE IF NOT EXISTS " + database + "." + DEFINITIONS + " " + DEFINITION_COLUMNS
                            + " ENGINE = ReplacingMergeTree(version)" + definitionsStorage,
                    "CREATE TABLE IF NOT EXISTS " + database + "." + ROWS + " " + ROW_COLUMNS
                            + " ENGINE = AggregatingMergeTree" + rowsStorage,
                    "CREATE MATERIALIZED VIEW IF NOT EXISTS " + database + ".rollup_feed TO " + database + "." + ROWS
                            + " AS "
                            + RollupFeed.select(
                                    database + "." + ClickHouseSchema.EVENTS + " AS e",
                                    RollupFeed.fedDefinitions(database)));
        }
        String onCluster = " ON CLUSTER " + cluster;
        // Every server needs every definition (its feed joins them): one replica set spanning the cluster.
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + database + "." + DEFINITIONS + onCluster + " " + DEFINITION_COLUMNS
                        + " ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/" + database + "/"
                        + DEFINITIONS + "', '{shard}_{replica}', version)" + definitionsStorage,
                "CREATE TABLE IF NOT EXISTS " + database + ".rollup_rows_local" + onCluster + " " + ROW_COLUMNS
                        + " ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/" + database
                        + "/rollup_rows_local', '{replica}')" + rowsStorage,
                "CREATE TABLE IF NOT EXISTS " + database + "." + ROWS + onCluster + " AS " + database
                        + ".rollup_rows_local ENGINE = Distributed(" + cluster + ", " + database
                        + ", rollup_rows_local, cityHash64(project_id, bucket))",
                // Each shard feeds its local rollup rows from its local events.
                "CREATE MATERIALIZED VIEW IF NOT EXISTS " + database + ".rollup_feed" + onCluster + " TO " + database
                        + ".rollup_rows_local AS "
                        + RollupFeed.select(database + ".events_local AS e", RollupFeed.fedDefinitions(database)));
    }

    static String keyNames() {
        StringJoiner names = new StringJoiner(", ");
        Rollup.KEY_COLUMNS.forEach(column -> names.add(name(column)));
        return names.toString();
    }

    /** A key column's name in both tables. */
    static String name(EventColumn column) {
        return EventSql.column(column).substring(2);
    }

    /** A built-in rollup as a constant row of the definitions the feed joins (names and grains are constants). */
    static String builtIn(Rollup rollup) {
        StringJoiner columns = new StringJoiner(", ", "[", "]");
        rollup.orderedColumns().forEach(column -> columns.add("'" + column.name() + "'"));
        return "SELECT '' AS project_id, '" + rollup.name() + "' AS name, toUInt32(" + rollup.grainSeconds()
                + ") AS grain_seconds, CAST(" + columns + " AS Array(String)) AS columns, toUInt8("
                + (rollup.keepsSketches() ? 1 : 0) + ") AS sketches";
    }
}
