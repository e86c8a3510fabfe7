package io.eventlens.app.modularity.core;

import io.r2dbc.spi.ConnectionFactory;

/** Breaks the core rule: core must not know a database driver or R2DBC. */
public final class DriverLeak {
    ConnectionFactory connections() {
        throw new UnsupportedOperationException();
    }
}
