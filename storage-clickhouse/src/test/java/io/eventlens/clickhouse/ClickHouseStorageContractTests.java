package io.eventlens.clickhouse;

import io.eventlens.core.storage.EventStorage;
import io.eventlens.core.storage.contract.EngineBehavior;
import io.eventlens.core.storage.contract.StorageContractSuite;
import tools.jackson.databind.json.JsonMapper;

/** The whole storage contract on ClickHouse: chdb-wasm here, a real server when CLICKHOUSE_URL is set. */
class ClickHouseStorageContractTests extends StorageContractSuite {

    @Override
    protected EventStorage storage() {
        return ClickHouseTestStorage.shared();
    }

    @Override
    public UnreachableStorage unreachableStorage(int port) {
        ClickHouseDatabase database = new ClickHouseDatabase(
                new ClickHouseSettings("http://127.0.0.1:" + port, "eventlens", "default", null, null));
        EventStorage storage =
                new ClickHouseEventStorage(database, JsonMapper.builder().build());
        return UnreachableStorage.of(storage, database);
    }

    @Override
    public boolean hasBehavior(EngineBehavior behavior) {
        return switch (behavior) {
            case KEEPS_MEMBER_SETS -> false;
            // Not built yet (a MATERIALIZED column per promotion would be the way): the engine refuses promotions.
            case PROMOTES_PROPERTIES -> false;
        };
    }
}
