package io.eventlens.core.storage.contract;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.storage.EventStorage;
import io.eventlens.core.storage.WriteResult;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import reactor.test.StepVerifier;

/**
 * The storage contract every {@link EventStorage} must pass. An engine module extends this class, supplies its
 * storage, and inherits every test. Each suite instance writes the {@link ContractDataset} into its own random
 * project, so suites can share a database and isolation between projects is tested too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StorageContractSuite
        implements WriteContract,
                MetricContract,
                DimensionContract,
                FilterContract,
                RangeContract,
                OrderingContract,
                TimeBucketContract,
                OverviewContract,
                EventPageContract,
                FunnelContract,
                RetentionContract,
                CustomMetricContract,
                SessionMetricContract,
                ReportExtensionsContract,
                RollupContract,
                IdempotencyContract,
                HostileInputContract,
                StorageFailureContract,
                PromotionContract {

    /** Several batches, so the dataset also proves that separate writes add up. */
    private static final int BATCH_SIZE = 500;

    private final ProjectId project = ContractFixture.freshProject();
    private final ContractDataset dataset = ContractDataset.standard();
    private @Nullable ContractFixture fixture;

    /** The engine under test, connected to a real database. */
    protected abstract EventStorage storage();

    @BeforeAll
    void writeContractDataset() {
        fixture = new ContractFixture(storage(), project, dataset, new ReportOracle(dataset.events()));
        for (List<Event> batch : dataset.batches(BATCH_SIZE)) {
            storage()
                    .write(project, batch)
                    .as(StepVerifier::create)
                    .expectNext(new WriteResult(batch.size(), 0))
                    .verifyComplete();
        }
        // Rollups now hold the dataset, so reports with sources ANY really read them where the planner can.
        storage().rollups().refresh(project).as(StepVerifier::create).verifyComplete();
    }

    @Override
    public final ContractFixture fixture() {
        if (fixture == null) {
            throw new IllegalStateException("the contract dataset is written in @BeforeAll");
        }
        return fixture;
    }
}
