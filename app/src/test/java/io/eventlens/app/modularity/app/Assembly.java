package io.eventlens.app.modularity.app;

import io.eventlens.app.modularity.ingestion.Neighbourly;
import io.eventlens.app.modularity.postgres.Storage;

/** Keeps every rule: the app may use every module. */
public final class Assembly {
    Object modules() {
        return java.util.List.of(new Storage(), new Neighbourly());
    }
}
