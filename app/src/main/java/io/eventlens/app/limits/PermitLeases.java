package io.eventlens.app.limits;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Permits this instance took from the shared limiter in blocks and hands out without asking Redis again: a request
 * costs a Redis round trip only once per block, not each time. A block is a twentieth of the rate (at most 1,000
 * permits) and is used within a second of being taken, then dropped, as the limiter's own window ends. So the shared
 * limit still holds across instances, within one block per instance: a key may get up to one block more in a second,
 * and a key spread over instances may be refused up to one block per other instance early.
 */
final class PermitLeases {

    /** Leased permits are used within this long of being taken, the limiter's window. */
    static final Duration HELD_FOR = Duration.ofSeconds(1);

    /** Leases kept at most; when full they are dropped, which only costs a lease each. */
    private static final int MAX_LEASES = 100_000;

    private final Map<String, Lease> leases = new ConcurrentHashMap<>();

    /** Permits held for one limiter, and until when they may be used. */
    private static final class Lease {
        private long permits;
        private long until;

        synchronized boolean take(long wanted, long now) {
            if (now - until >= 0 || permits < wanted) {
                return false;
            }
            permits -= wanted;
            return true;
        }

        synchronized void add(long leased, long now) {
            if (now - until >= 0) {
                permits = 0;
            }
            permits += leased;
            until = now + HELD_FOR.toNanos();
        }
    }

    /** How many permits to lease at once for a limiter of {@code rate} per second. */
    static long blockSize(int rate) {
        return Math.max(1, Math.min(1_000, rate / 20));
    }

    /** Takes {@code wanted} permits from those held; false when too few are held (lease more first). */
    boolean take(String limiter, long wanted) {
        Lease lease = leases.get(limiter);
        return lease != null && lease.take(wanted, System.nanoTime());
    }

    /** Holds permits just leased beyond those already used. */
    void hold(String limiter, long permits) {
        if (permits <= 0) {
            return;
        }
        if (leases.size() > MAX_LEASES) {
            leases.clear();
        }
        leases.computeIfAbsent(limiter, name -> new Lease()).add(permits, System.nanoTime());
    }
}
