package io.eventlens.app.modularity.core.b;

import io.eventlens.app.modularity.core.a.CycleStart;

/** Closes the cycle started by {@link CycleStart}. */
public final class CycleEnd {
    CycleStart back() {
        return new CycleStart();
    }
}
