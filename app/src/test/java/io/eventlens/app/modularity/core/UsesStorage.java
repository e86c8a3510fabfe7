package io.eventlens.app.modularity.core;

import io.eventlens.app.modularity.postgres.Storage;

/** Breaks the assembly rule: core must not depend on a module. */
public final class UsesStorage {
    Storage storage() {
        return new Storage();
    }
}
