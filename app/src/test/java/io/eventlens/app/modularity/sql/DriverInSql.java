package io.eventlens.app.modularity.sql;

import io.r2dbc.spi.ConnectionFactory;

/** Breaks the shared SQL rule: it builds text, the engines run it; it knows no driver. */
public final class DriverInSql {
    ConnectionFactory connections() {
        throw new UnsupportedOperationException();
    }
}
