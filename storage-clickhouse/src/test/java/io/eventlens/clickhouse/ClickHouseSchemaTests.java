package io.eventlens.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The generated DDL: one MergeTree table on a server; Replicated tables and a Distributed table on a cluster. */
class ClickHouseSchemaTests {

    @Test
    void aSingleServerGetsOneReplacingMergeTreePartitionedByMonth() {
        List<String> statements = new ClickHouseSchema("analytics", null, 0).statements();

        assertThat(statements).hasSize(1);
        String table = statements.getFirst();
        assertThat(table)
                .startsWith("CREATE TABLE IF NOT EXISTS analytics.events (")
                .contains("ENGINE = ReplacingMergeTree PARTITION BY toYYYYMM(ts) ORDER BY (project_id, type, ts, id)")
                .contains(
                        "type LowCardinality(String)",
                        "country LowCardinality(Nullable(String))",
                        "ts DateTime64(6, 'UTC') CODEC(DoubleDelta, ZSTD(1))",
                        "revenue Nullable(Float64) CODEC(Gorilla")
                .doesNotContain("ON CLUSTER", "TTL", "Replicated", "Distributed");
    }

    @Test
    void retentionBecomesATtl() {
        assertThat(new ClickHouseSchema("analytics", null, 400).statements().getFirst())
                .endsWith("ORDER BY (project_id, type, ts, id) TTL toDateTime(ts) + INTERVAL 400 DAY");
    }

    @Test
    void aClusterGetsReplicatedLocalTablesAndADistributedTableShardedById() {
        List<String> statements = new ClickHouseSchema("analytics", "events_cluster", 30).statements();

        assertThat(statements).hasSize(3);
        assertThat(statements.get(0)).isEqualTo("CREATE DATABASE IF NOT EXISTS analytics ON CLUSTER events_cluster");
        assertThat(statements.get(1))
                .startsWith("CREATE TABLE IF NOT EXISTS analytics.events_local ON CLUSTER events_cluster (")
                .contains("ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/analytics/events_local',"
                        + " '{replica}') PARTITION BY toYYYYMM(ts) ORDER BY (project_id, type, ts, id)"
                        + " TTL toDateTime(ts) + INTERVAL 30 DAY");
        assertThat(statements.get(2))
                .isEqualTo("CREATE TABLE IF NOT EXISTS analytics.events ON CLUSTER "
                        + "events_cluster AS analytics.events_local ENGINE = Distributed(events_cluster, analytics, "
                        + "events_local, cityHash64(project_id, id))");
    }

    @Test
    void namesThatAreNotPlainIdentifiersAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ClickHouseSchema("x; DROP TABLE y", null, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new ClickHouseSchema("ok", "c`x", 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new ClickHouseSchema("ok", null, -1));
    }

    @Test
    void theSingleServerDdlRunsOnClickHouse() {
        ClickHouseTestServer server = ClickHouseTestServer.shared();
        server.execute("CREATE DATABASE IF NOT EXISTS eventlens_ddl");
        ClickHouseSchema schema = new ClickHouseSchema("eventlens_ddl", null, 90);
        // Twice: the DDL is idempotent, as startup needs.
        for (int i = 0; i < 2; i++) {
            schema.statements().forEach(server::execute);
        }
        assertThat(server.execute("SELECT engine, partition_key, sorting_key FROM system.tables "
                                + "WHERE database = 'eventlens_ddl' AND name = 'events' FORMAT TSV")
                        .strip())
                .isEqualTo("ReplacingMergeTree\ttoYYYYMM(ts)\tproject_id, type, ts, id");
    }
}
