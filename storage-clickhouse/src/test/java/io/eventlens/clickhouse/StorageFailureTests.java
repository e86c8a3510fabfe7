package io.eventlens.clickhouse;

import io.eventlens.core.ProjectId;
import io.eventlens.core.query.OverviewQuery;
import io.eventlens.core.storage.StorageUnavailableException;
import io.eventlens.core.storage.contract.ContractDataset;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/**
 * A ClickHouse that refuses a statement surfaces as the SPI's retryable failure (one that cannot be reached:
 * {@code StorageFailureContract}, on every engine).
 */
class StorageFailureTests {

    @Test
    void aMissingTableIsStorageUnavailableWithTheServerCode() {
        ClickHouseTestServer server = ClickHouseTestServer.shared();
        server.execute("CREATE DATABASE IF NOT EXISTS eventlens_empty");
        ClickHouseSettings settings = server.settings();
        try (ClickHouseDatabase database = new ClickHouseDatabase(new ClickHouseSettings(
                settings.url(), "eventlens_empty", settings.username(), settings.password(), null))) {
            new ClickHouseEventStorage(database, JsonMapper.builder().build())
                    .overview(new OverviewQuery(new ProjectId("none"), null, null, ContractDataset.NOW))
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(error -> org.assertj.core.api.Assertions.assertThat(error)
                            .isInstanceOf(StorageUnavailableException.class)
                            .hasMessage("ClickHouse storage failed (code 60)"))
                    .verify();
        }
    }
}
