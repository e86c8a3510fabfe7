package io.eventlens.postgres;

import io.eventlens.core.storage.EventStorage;
import io.eventlens.core.storage.contract.EngineBehavior;
import io.eventlens.core.storage.contract.StorageContractSuite;

/** The shared storage contract, run against the PostgreSQL engine on a real embedded server. */
class PostgresStorageContractTests extends StorageContractSuite {

    @Override
    protected EventStorage storage() {
        return PostgresTestServer.shared().storage();
    }

    @Override
    public boolean hasBehavior(EngineBehavior behavior) {
        return switch (behavior) {
            case KEEPS_MEMBER_SETS, PROMOTES_PROPERTIES -> true;
        };
    }
}
