package io.eventlens.app.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** This instance's own token buckets and subscription counts: the fallback while Redis is unreachable. */
final class LocalBuckets {

    /** Buckets kept at most; when full they are dropped, which only forgets recent use. */
    private static final int MAX_BUCKETS = 100_000;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

    /** A bucket holding up to one second of {@code rate}, refilled continuously. */
    private static final class Bucket {
        private final int rate;
        private double tokens;
        private long refilled = System.nanoTime();

        Bucket(int rate) {
            this.rate = rate;
            this.tokens = rate;
        }

        synchronized boolean take(long permits) {
            long now = System.nanoTime();
            tokens = Math.min(rate, tokens + (now - refilled) / 1e9 * rate);
            refilled = now;
            if (tokens < permits) {
                return false;
            }
            tokens -= permits;
            return true;
        }
    }

    boolean take(String name, int rate, long permits) {
        if (buckets.size() > MAX_BUCKETS) {
            buckets.clear();
        }
        return buckets.computeIfAbsent(name + ":" + rate, key -> new Bucket(rate))
                .take(permits);
    }

    boolean open(String name, int max) {
        AtomicInteger count = open.computeIfAbsent(name, key -> new AtomicInteger());
        if (count.incrementAndGet() > max) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    void close(String name) {
        AtomicInteger count = open.get(name);
        if (count != null) {
            count.decrementAndGet();
        }
    }
}
