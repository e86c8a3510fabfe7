package io.eventlens.realtime;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.redisson.RedissonShutdownException;
import org.redisson.api.RPermitExpirableSemaphore;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Leadership through a Redis lease: a one-permit expirable semaphore. The holder renews its permit every third of
 * the lease; an instance that stops renewing (crashed, cut off) loses it when the lease runs out, and another
 * instance takes it at its next try. Leading is given up already when a renewal is overdue, before the lease ends.
 */
final class RedisAlertLease implements AlertLeadership {

    private static final Logger log = LoggerFactory.getLogger(RedisAlertLease.class);
    static final String NAME = "eventlens:alerts:evaluator";

    private final RPermitExpirableSemaphore semaphore;
    private final Duration lease;
    private final Scheduler scheduler = Schedulers.newSingle("eventlens-alert-lease");
    private @Nullable Disposable renewals;
    private volatile @Nullable String permit;
    private volatile long validUntilNanos;
    private volatile boolean closed;

    RedisAlertLease(RedissonClient redis, Duration lease) {
        this.semaphore = redis.getPermitExpirableSemaphore(NAME);
        this.lease = lease;
    }

    void start() {
        long every = Math.max(500, lease.toMillis() / 3);
        renewals = scheduler.schedulePeriodically(this::renew, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean leading() {
        return permit != null && System.nanoTime() < validUntilNanos;
    }

    private void renew() {
        if (closed) {
            return;
        }
        try {
            semaphore.trySetPermits(1);
            long started = System.nanoTime();
            String held = permit;
            if (held != null && semaphore.updateLeaseTime(held, lease.toMillis(), TimeUnit.MILLISECONDS)) {
                validUntilNanos = started + lease.toNanos() * 2 / 3;
                return;
            }
            if (held != null) {
                log.info("Lost the alert evaluator lease; another instance evaluates alert rules now");
            }
            permit = null;
            String taken = semaphore.tryAcquire(0, lease.toMillis(), TimeUnit.MILLISECONDS);
            if (taken != null) {
                validUntilNanos = started + lease.toNanos() * 2 / 3;
                permit = taken;
                log.info("This instance evaluates alert rules (holds the Redis lease {})", NAME);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RedissonShutdownException e) {
            closed = true; // the Redis client closed with the app: nothing more to renew through
            permit = null;
        } catch (RuntimeException e) {
            if (closed) {
                return; // a renewal that was running when the app stopped, against a Redis client closing too
            }
            // The cause in one line: Redis being away is an expected state here, not a bug to trace.
            log.warn(
                    "Could not renew the alert evaluator lease; not evaluating until Redis answers ({})",
                    e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        if (renewals != null) {
            renewals.dispose();
        }
        String held = permit;
        permit = null;
        if (held != null) {
            // Not waited for: at a JVM stop embedded-redis's own shutdown hook may have ended Redis already, and a
            // blocking release then held the stop for Redisson's retries (about 8 s). The lease runs out anyway.
            semaphore.tryReleaseAsync(held).whenComplete((released, e) -> {
                if (e != null) {
                    log.debug("Could not release the alert lease; it runs out by itself", e);
                }
            });
        }
        scheduler.dispose();
    }
}
