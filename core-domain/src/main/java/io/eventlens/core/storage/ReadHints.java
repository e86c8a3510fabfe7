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

    /**
     * Context key: the engine also runs each statement of this read under its database's EXPLAIN and returns the
     * timings in {@code QueryMeta.statements}. Explained reads are uncached too: the timings are of this read.
     */
    public static final String EXPLAINED = ReadHints.class.getName() + ".explained";

    private ReadHints() {}

    /** The same read, marked {@link #UNCACHED}. */
    public static <T> Mono<T> uncached(Mono<T> read) {
        return read.contextWrite(context -> context.put(UNCACHED, Boolean.TRUE));
    }

    /** The same read, marked {@link #EXPLAINED} (and so {@link #UNCACHED}). */
    public static <T> Mono<T> explained(Mono<T> read) {
        return read.contextWrite(context -> context.put(EXPLAINED, Boolean.TRUE).put(UNCACHED, Boolean.TRUE));
    }

    /** Whether a read running in {@code context} was marked {@link #EXPLAINED}. */
    public static boolean isExplained(reactor.util.context.ContextView context) {
        return Boolean.TRUE.equals(context.getOrDefault(EXPLAINED, Boolean.FALSE));
    }

    /** Whether a read running in {@code context} was marked {@link #UNCACHED}. */
    public static boolean isUncached(reactor.util.context.ContextView context) {
        return Boolean.TRUE.equals(context.getOrDefault(UNCACHED, Boolean.FALSE));
    }
}
