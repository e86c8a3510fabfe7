package io.eventlens.app.modularity.ingestion;

import io.eventlens.app.modularity.app.Assembly;

/** Breaks the assembly rule: a module depending on the app that assembles it. */
public final class ReachesIntoApp {
    Assembly app() {
        return new Assembly();
    }
}
