package io.eventlens.app.http;

import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Carries the request id between the Reactor context and the logging MDC (key {@code requestId}), so that Reactor's
 * automatic context propagation sets it on whichever thread runs a part of the request.
 */
final class RequestIdAccessor implements ThreadLocalAccessor<String> {

    /** The Reactor context key {@link RequestIds} writes. */
    static final String KEY = "eventlens.requestId";

    /** The MDC key, and so the field name in structured logs. */
    static final String MDC_KEY = "requestId";

    @Override
    public Object key() {
        return KEY;
    }

    @Override
    public @Nullable String getValue() {
        return MDC.get(MDC_KEY);
    }

    @Override
    public void setValue(String value) {
        MDC.put(MDC_KEY, value);
    }

    @Override
    public void setValue() {
        MDC.remove(MDC_KEY);
    }
}
