package io.eventlens.clickhouse;

import io.eventlens.core.ProjectId;
import io.eventlens.core.query.OverviewQuery;
import io.eventlens.core.storage.EventStorage;
import io.eventlens.core.storage.StorageUnavailableException;
import io.eventlens.core.storage.contract.ContractDataset;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/** A ClickHouse that cannot be reached or refuses a statement surfaces as the SPI's retryable failure. */
class StorageFailureTests {

    @Test
    void anUnreachableServerIsStorageUnavailable() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (ClickHouseDatabase database = new ClickHouseDatabase(
                new ClickHouseSettings("http://127.0.0.1:" + port, "eventlens", "default", null, null))) {
            EventStorage storage =
                    new ClickHouseEventStorage(database, JsonMapper.builder().build());
            storage.overview(new OverviewQuery(new ProjectId("down"), null, null, ContractDataset.NOW))
                    .as(StepVerifier::create)
                    .expectError(StorageUnavailableException.class)
                    .verify();
            storage.write(
                            new ProjectId("down"),
                            ContractDataset.standard().events().subList(0, 3))
                    .as(StepVerifier::create)
                    .expectError(StorageUnavailableException.class)
                    .verify();
        }
    }

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
