package io.eventlens.postgres;

import io.eventlens.core.storage.EventStorage;
import io.eventlens.core.storage.contract.EngineBehavior;
import io.eventlens.core.storage.contract.StorageContractSuite;
import io.r2dbc.pool.ConnectionPool;
import tools.jackson.databind.json.JsonMapper;

/** The shared storage contract, run against the PostgreSQL engine on a real embedded server. */
class PostgresStorageContractTests extends StorageContractSuite {

    @Override
    protected EventStorage storage() {
        return PostgresTestServer.shared().storage();
    }

    @Override
    public UnreachableStorage unreachableStorage(int port) {
        ConnectionPool pool = PostgresConnections.pool(
                new PostgresConnectionSettings("127.0.0.1", port, "eventlens", "eventlens", "secret", 2));
        PostgresDatabase database = new PostgresDatabase(pool);
        PostgresEventStorage storage = new PostgresEventStorage(
                database, new MonthlyPartitions(database), JsonMapper.builder().build());
        return UnreachableStorage.of(storage, pool::dispose);
    }

    @Override
    public boolean hasBehavior(EngineBehavior behavior) {
        return switch (behavior) {
            case KEEPS_MEMBER_SETS, PROMOTES_PROPERTIES -> true;
        };
    }
}
