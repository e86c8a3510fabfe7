package io.eventlens.clickhouse;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code eventlens.storage.clickhouse.*}: the ClickHouse that holds events when
 * {@code eventlens.storage.engine=clickhouse}.
 *
 * @param url the HTTP interface of a server (or of a load balancer in front of a cluster)
 * @param database an existing database (with {@code cluster} set, it is created on every server)
 * @param username the user EventLens signs in as
 * @param password that user's password
 * @param cluster a cluster from the servers' {@code remote_servers}: Replicated tables and a Distributed table
 * @param retentionDays days after which events expire; 0 keeps them forever
 */
@ConfigurationProperties("eventlens.storage.clickhouse")
record ClickHouseStorageProperties(
        @DefaultValue("http://localhost:8123") String url,
        @DefaultValue("eventlens") String database,
        @DefaultValue("default") String username,
        @Nullable String password,
        @Nullable String cluster,
        @DefaultValue("0") int retentionDays) {

    ClickHouseSettings toSettings() {
        return new ClickHouseSettings(url, database, username, password, cluster);
    }

    ClickHouseSchema toSchema() {
        return new ClickHouseSchema(database, cluster, retentionDays);
    }

    RollupSchema toRollupSchema() {
        return new RollupSchema(database, cluster);
    }
}
