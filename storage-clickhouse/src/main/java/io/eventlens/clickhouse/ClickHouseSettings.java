package io.eventlens.clickhouse;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where the engine's ClickHouse is and how to reach it.
 *
 * @param url the HTTP interface, e.g. {@code http://localhost:8123}
 * @param cluster the cluster name for {@code ON CLUSTER} DDL, Replicated tables and a Distributed table; null on a
 *     single server
 */
record ClickHouseSettings(
        String url,
        String database,
        String username,
        @Nullable String password,
        @Nullable String cluster) {

    ClickHouseSettings {
        Objects.requireNonNull(url, "url");
        url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        if (!ClickHouseSchema.isIdentifier(database)) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        if (cluster != null && !ClickHouseSchema.isIdentifier(cluster)) {
            throw new IllegalArgumentException("not a plain cluster name: " + cluster);
        }
    }
}
