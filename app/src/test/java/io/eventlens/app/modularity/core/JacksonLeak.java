package io.eventlens.app.modularity.core;

import tools.jackson.databind.json.JsonMapper;

/** Breaks the core rule: core must not know Jackson. */
public final class JacksonLeak {
    JsonMapper mapper() {
        throw new UnsupportedOperationException();
    }
}
