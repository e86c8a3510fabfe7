package io.eventlens.app.modularity.ingestion;

import io.eventlens.app.modularity.core.Wholesome;

/** Keeps every rule: a module using core only. */
public final class Neighbourly {
    Wholesome core() {
        return new Wholesome();
    }
}
