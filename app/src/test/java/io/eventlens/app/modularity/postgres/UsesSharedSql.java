package io.eventlens.app.modularity.postgres;

import io.eventlens.app.modularity.sql.SharedSql;

/** Keeps every rule: a storage engine may use the shared SQL module. */
public final class UsesSharedSql {
    SharedSql sql() {
        return new SharedSql();
    }
}
