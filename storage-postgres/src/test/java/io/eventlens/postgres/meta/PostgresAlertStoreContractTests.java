package io.eventlens.postgres.meta;

import io.eventlens.core.alert.AlertStore;
import io.eventlens.core.storage.contract.AlertStoreContract;
import io.eventlens.postgres.PostgresDatabase;
import io.eventlens.postgres.PostgresTestServer;
import tools.jackson.databind.json.JsonMapper;

/** The alert store contract against PostgreSQL, which keeps alerts whichever engine holds the events. */
class PostgresAlertStoreContractTests extends AlertStoreContract {

    private final AlertStore store = new PostgresAlertStore(
            new PostgresDatabase(PostgresTestServer.shared().pool()),
            JsonMapper.builder().build());

    @Override
    protected AlertStore store() {
        return store;
    }
}
