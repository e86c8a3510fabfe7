package io.eventlens.core.storage;

import reactor.core.publisher.Mono;

/**
 * What a caller may tell the layers around an {@link EventStorage} about one read, through the Reactor context so
 * that the SPI's signatures stay the same.
 */
public final class ReadHints {

    /**
     * Context key: this read must be answered by the storage itself, neither from nor into a cache. Live views use
     * it: they read again whenever new events arrive, so a cached answer is never valid for them and storing one only
     * costs.
     */
    public static final String UNCACHED = ReadHints.class.getName() + ".uncached";

    private ReadHints() {
    }

    /** The same read, marked {@link #UNCACHED}. */
    public static <T> Mono<T> uncached(Mono<T> read) {
        return read.contextWrite(context -> context.put(UNCACHED, Boolean.TRUE));
    }

    /** Whether a read running in {@code context} was marked {@link #UNCACHED}. */
    public static boolean isUncached(reactor.util.context.ContextView context) {
        return context.getOrDefault(UNCACHED, Boolean.FALSE);
    }
}
