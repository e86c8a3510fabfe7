package io.eventlens.app.modularity.ingestion;

import io.eventlens.app.modularity.sql.SharedSql;

/** Breaks the module rule: only storage engines may use the shared SQL module. */
public final class ReachesIntoSharedSql {
    SharedSql sql() {
        return new SharedSql();
    }
}
