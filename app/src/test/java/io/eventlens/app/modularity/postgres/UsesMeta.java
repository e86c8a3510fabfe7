package io.eventlens.app.modularity.postgres;

import io.eventlens.app.modularity.postgres.meta.MetaStore;

/** Keeps every rule: the engine builds its own metadata stores. */
public final class UsesMeta {
    MetaStore store() {
        return new MetaStore();
    }
}
