package io.eventlens.app.modularity.core.a;

import io.eventlens.app.modularity.core.b.CycleEnd;

/** With {@link CycleEnd}, breaks the cycle rule: two packages that use each other. */
public final class CycleStart {
    CycleEnd next() {
        return new CycleEnd();
    }
}
