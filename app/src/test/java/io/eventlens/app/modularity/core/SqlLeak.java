package io.eventlens.app.modularity.core;

import java.sql.Connection;

/** Breaks the core rule: core must not use JDBC, although it is part of the JDK. */
public final class SqlLeak {
    Connection connection() {
        throw new UnsupportedOperationException();
    }
}
