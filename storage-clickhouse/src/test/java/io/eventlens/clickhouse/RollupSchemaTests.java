package io.eventlens.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The generated rollup DDL: one AggregatingMergeTree fed by one view; per shard on a cluster. */
class RollupSchemaTests {

    @Test
    void aSingleServerGetsDefinitionsRowsAndTheFeed() {
        List<String> statements = new RollupSchema("analytics", null).statements();

        assertThat(statements).hasSize(3);
        assertThat(statements.get(0))
                .startsWith("CREATE TABLE IF NOT EXISTS analytics.rollup_definitions (")
                .endsWith("ENGINE = ReplacingMergeTree(version) ORDER BY (project_id, name)");
        assertThat(statements.get(1))
                .startsWith("CREATE TABLE IF NOT EXISTS analytics.rollup_rows (")
                .contains(
                        "events SimpleAggregateFunction(sum, UInt64)",
                        "users AggregateFunction(uniqCombined(12), String)")
                .endsWith("ENGINE = AggregatingMergeTree PARTITION BY toYYYYMM(bucket) ORDER BY (project_id, "
                        + "rollup_name, bucket, type, country, device, browser, os, page, referrer, user_id, session_id)"
                        + " SETTINGS allow_nullable_key = 1");
        assertThat(statements.get(2))
                .startsWith("CREATE MATERIALIZED VIEW IF NOT EXISTS analytics.rollup_feed TO analytics.rollup_rows AS "
                        + "SELECT ")
                .contains(
                        "FROM analytics.events AS e INNER JOIN (",
                        "'type_user_1d' AS name",
                        "FROM analytics.rollup_definitions FINAL WHERE stage >= 1 AND removed = 0")
                .doesNotContain("ON CLUSTER", "Replicated", "Distributed");
    }

    @Test
    void aClusterFeedsEachShardsLocalRowsAndReadsThemThroughADistributedTable() {
        List<String> statements = new RollupSchema("analytics", "events_cluster").statements();

        assertThat(statements).hasSize(4);
        assertThat(statements.get(0))
                .contains(
                        "analytics.rollup_definitions ON CLUSTER events_cluster",
                        "ReplicatedReplacingMergeTree('/clickhouse/tables/analytics/rollup_definitions', '{shard}_{replica}', "
                                + "version)");
        assertThat(statements.get(1))
                .contains(
                        "analytics.rollup_rows_local ON CLUSTER events_cluster",
                        "ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/analytics/rollup_rows_local', '{replica}')");
        assertThat(statements.get(2))
                .isEqualTo("CREATE TABLE IF NOT EXISTS analytics.rollup_rows ON CLUSTER "
                        + "events_cluster AS analytics.rollup_rows_local ENGINE = Distributed(events_cluster, analytics, "
                        + "rollup_rows_local, cityHash64(project_id, bucket))");
        assertThat(statements.get(3))
                .startsWith("CREATE MATERIALIZED VIEW IF NOT EXISTS analytics.rollup_feed ON "
                        + "CLUSTER events_cluster TO analytics.rollup_rows_local AS SELECT ")
                .contains("FROM analytics.events_local AS e INNER JOIN (");
    }

    @Test
    void namesThatAreNotPlainIdentifiersAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RollupSchema("x; DROP TABLE y", null));
        assertThatIllegalArgumentException().isThrownBy(() -> new RollupSchema("ok", "c`x"));
    }

    @Test
    void theSingleServerDdlRunsTwiceOnClickHouse() {
        ClickHouseTestServer server = ClickHouseTestServer.shared();
        server.execute("CREATE DATABASE IF NOT EXISTS eventlens_rollup_ddl");
        for (int i = 0; i < 2; i++) {
            new ClickHouseSchema("eventlens_rollup_ddl", null, 0).statements().forEach(server::execute);
            new RollupSchema("eventlens_rollup_ddl", null).statements().forEach(server::execute);
        }
        assertThat(server.execute("SELECT name, engine FROM system.tables WHERE database = 'eventlens_rollup_ddl' "
                                + "ORDER BY name FORMAT TSV")
                        .strip())
                .isEqualTo("""
                events\tReplacingMergeTree
                rollup_definitions\tReplacingMergeTree
                rollup_feed\tMaterializedView
                rollup_rows\tAggregatingMergeTree""");
    }
}
