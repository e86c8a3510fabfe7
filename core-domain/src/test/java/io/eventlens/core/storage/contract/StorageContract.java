package io.eventlens.core.storage.contract;

/** A group of contract tests; {@link StorageContractSuite} runs them all against one engine. */
public interface StorageContract {

    /** The engine, the suite's project with the contract dataset written, and the oracle. */
    ContractFixture fixture();

    /** Whether the engine under test has the behavior; each engine's suite answers for all of them. */
    boolean hasBehavior(EngineBehavior behavior);
}
