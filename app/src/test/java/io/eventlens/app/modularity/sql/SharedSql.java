package io.eventlens.app.modularity.sql;

import io.eventlens.app.modularity.core.Wholesome;

/** Keeps every rule: the shared SQL module over core. */
public final class SharedSql {
    Wholesome core() {
        return new Wholesome();
    }
}
