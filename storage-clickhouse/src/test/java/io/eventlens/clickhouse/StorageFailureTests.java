package io.eventlens.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.query.OverviewQuery;
import io.eventlens.core.storage.StorageUnavailableException;
import io.eventlens.core.storage.contract.ContractDataset;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/**
 * A ClickHouse that refuses a statement surfaces as the SPI's retryable failure (one that cannot be reached:
 * {@code StorageFailureContract}, on every engine).
 */
class StorageFailureTests {

    @Test
    void aServerThatCannotBeReachedIsStorageUnavailable() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (ClickHouseDatabase database = new ClickHouseDatabase(
                new ClickHouseSettings("http://127.0.0.1:" + port, "eventlens", "default", null, null))) {
            database.query(new SqlStatement("SELECT 1 AS one", List.of()), row -> row.get("one"))
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(error -> assertThat(error)
                            .isInstanceOf(StorageUnavailableException.class)
                            .hasMessage("ClickHouse storage failed"))
                    .verify();
        }
    }

    @Test
    void anIllegalStateOfOurOwnIsNotMistakenForTheDriver() {
        assertThat(StorageFailures.isDriverFailure(new IllegalStateException("bug")))
                .isFalse();
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
                    .expectErrorSatisfies(error -> assertThat(error)
                            .isInstanceOf(StorageUnavailableException.class)
                            .hasMessage("ClickHouse storage failed (code 60)"))
                    .verify();
        }
    }
}
