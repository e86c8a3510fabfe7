package io.eventlens.core.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.query.OverviewQuery;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.SortKey;
import io.eventlens.core.query.TimeRange;
import io.eventlens.core.storage.EventStorage;
import io.eventlens.core.storage.StorageUnavailableException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * A store that cannot be reached fails every call with the SPI's retryable {@link StorageUnavailableException}
 * (which the API answers as a coded "retry shortly"), never with a driver's exception, and with no SQL in its message.
 */
public interface StorageFailureContract extends StorageContract {

    /** The engine, built as the app builds it, pointed at {@code port} on this machine, where nothing listens. */
    UnreachableStorage unreachableStorage(int port) throws Exception;

    /** An engine that points nowhere, and what to close after the test (its pool or client). */
    interface UnreachableStorage extends AutoCloseable {
        EventStorage storage();

        static UnreachableStorage of(EventStorage storage, AutoCloseable resources) {
            return new UnreachableStorage() {
                @Override
                public EventStorage storage() {
                    return storage;
                }

                @Override
                public void close() throws Exception {
                    resources.close();
                }
            };
        }
    }

    @Test
    default void anUnreachableStoreFailsEveryCallAsUnavailableStorageWithoutSql() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for the unreachable store", e);
        }
        ProjectId project = new ProjectId("unreachable");
        try (UnreachableStorage unreachable = unreachableStorage(closedPort)) {
            EventStorage storage = unreachable.storage();
            storage.overview(new OverviewQuery(project, null, null, ContractDataset.NOW))
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(error -> assertThat(error)
                            .isInstanceOf(StorageUnavailableException.class)
                            .hasMessageNotContaining("SELECT"))
                    .verify(Duration.ofSeconds(60));
            storage.report(new ReportQuery(
                            project,
                            List.of(BuiltInMetric.EVENTS),
                            List.of(),
                            List.of(),
                            new TimeRange(ContractDataset.NOW.minus(Duration.ofDays(1)), ContractDataset.NOW),
                            null,
                            ZoneOffset.UTC,
                            List.of(new SortKey.ByMetric(0, true)),
                            10))
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(error -> assertThat(error)
                            .isInstanceOf(StorageUnavailableException.class)
                            .hasMessageNotContaining("SELECT"))
                    .verify(Duration.ofSeconds(60));
            storage.write(project, ContractDataset.standard().events().subList(0, 3))
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(error -> assertThat(error)
                            .isInstanceOf(StorageUnavailableException.class)
                            .hasMessageNotContaining("INSERT")
                            .hasMessageNotContaining("COPY"))
                    .verify(Duration.ofSeconds(60));
        }
    }
}
