package io.eventlens.clickhouse;

import io.eventlens.core.storage.EventStorage;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/** The engine on the shared test server, its schema created once per JVM. */
final class ClickHouseTestStorage {

    private static @Nullable ClickHouseEventStorage storage;
    private static @Nullable ClickHouseDatabase database;

    private ClickHouseTestStorage() {}

    static synchronized ClickHouseDatabase database() {
        if (database == null) {
            ClickHouseTestServer server = ClickHouseTestServer.shared();
            ClickHouseDatabase created = new ClickHouseDatabase(server.settings());
            new ClickHouseSchema(ClickHouseTestServer.DATABASE, null, 0)
                    .statements()
                    .forEach(created::execute);
            new RollupSchema(ClickHouseTestServer.DATABASE, null).statements().forEach(created::execute);
            database = created;
        }
        return database;
    }

    static synchronized EventStorage shared() {
        if (storage == null) {
            storage =
                    new ClickHouseEventStorage(database(), JsonMapper.builder().build());
        }
        return storage;
    }
}
