package io.eventlens.app.modularity.app;

import io.eventlens.app.modularity.postgres.SqlStatement;
import io.eventlens.app.modularity.postgres.meta.MetaStore;

/** Breaks the engine-internals rule: even the app reaches an engine only through its configuration. */
public final class ReachesIntoEngineInternals {
    MetaStore store() {
        return new MetaStore();
    }

    SqlStatement statement() {
        return new SqlStatement();
    }
}
