package io.eventlens.app.modularity.core;

import org.springframework.context.ApplicationContext;

/** Breaks the core rule: core must not know Spring. */
public final class SpringLeak {
    ApplicationContext context() {
        throw new UnsupportedOperationException();
    }
}
