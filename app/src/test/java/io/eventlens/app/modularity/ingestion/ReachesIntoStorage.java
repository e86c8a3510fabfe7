package io.eventlens.app.modularity.ingestion;

import io.eventlens.app.modularity.postgres.Storage;

/** Breaks the module rule: a module using a sibling module instead of the core SPI. */
public final class ReachesIntoStorage {
    Storage storage() {
        return new Storage();
    }
}
