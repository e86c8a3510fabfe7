package io.eventlens.app.resilience;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How storage calls are guarded, under {@code eventlens.resilience}.
 *
 * @param readTimeout longest a scan of raw events may take before it is stopped (READ_TIMEOUT)
 * @param rollupReadTimeout longest a read answered from rollups may take before it is stopped (READ_TIMEOUT)
 * @param maxConcurrentReads reads answered from rollups in flight at once; more are refused at once (OVERLOADED)
 *        instead of queueing (beyond the connection pool they already wait for a connection, so this caps a pile-up)
 * @param maxConcurrentScans scans of raw events in flight at once: few, so they never hold the connections and the
 *        cores the rollup-answered reads need; 0 (the default) means half the machine's cores, at least one
 * @param scanQueue scans waiting for a turn at most; more are refused at once (OVERLOADED)
 * @param scanQueueWait longest a scan waits for a turn before it is refused (OVERLOADED)
 * @param failureRateThreshold percentage of failed calls (of the last {@code minimumCalls}) that opens the circuit
 * @param minimumCalls calls the failure rate is computed over
 * @param openFor how long an open circuit answers STORAGE_UNAVAILABLE at once before it tries storage again
 * @param writeAttempts tries of an ingest write (ids make repeating one safe)
 * @param writeBackoff wait before the second try, doubled before each further one
 */
@ConfigurationProperties("eventlens.resilience")
public record ResilienceProperties(
        @DefaultValue("20s") Duration readTimeout,
        @DefaultValue("5s") Duration rollupReadTimeout,
        @DefaultValue("256") int maxConcurrentReads,
        @DefaultValue("0") int maxConcurrentScans,
        @DefaultValue("32") int scanQueue,
        @DefaultValue("10s") Duration scanQueueWait,
        @DefaultValue("50") float failureRateThreshold,
        @DefaultValue("10") int minimumCalls,
        @DefaultValue("5s") Duration openFor,
        @DefaultValue("3") int writeAttempts,
        @DefaultValue("200ms") Duration writeBackoff) {

    public ResilienceProperties {
        if (maxConcurrentScans == 0) {
            maxConcurrentScans = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        }
        if (maxConcurrentReads < 1
                || maxConcurrentScans < 1
                || scanQueue < 0
                || minimumCalls < 1
                || writeAttempts < 1) {
            throw new IllegalArgumentException("eventlens.resilience.* counts must be at least 1");
        }
    }
}
