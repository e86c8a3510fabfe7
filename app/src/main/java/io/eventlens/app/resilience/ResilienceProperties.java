package io.eventlens.app.resilience;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How storage calls are guarded, under {@code eventlens.resilience}.
 *
 * @param readTimeout longest a storage read may take before it fails with STORAGE_UNAVAILABLE
 * @param maxConcurrentReads storage reads in flight at once; more fail at once instead of queueing (beyond the
 *        connection pool the reads already wait for a connection, so this only caps a pile-up)
 * @param failureRateThreshold percentage of failed calls (of the last {@code minimumCalls}) that opens the circuit
 * @param minimumCalls calls the failure rate is computed over
 * @param openFor how long an open circuit answers STORAGE_UNAVAILABLE at once before it tries storage again
 * @param writeAttempts tries of an ingest write (ids make repeating one safe)
 * @param writeBackoff wait before the second try, doubled before each further one
 */
@ConfigurationProperties("eventlens.resilience")
public record ResilienceProperties(
        @DefaultValue("20s") Duration readTimeout,
        @DefaultValue("256") int maxConcurrentReads,
        @DefaultValue("50") float failureRateThreshold,
        @DefaultValue("10") int minimumCalls,
        @DefaultValue("5s") Duration openFor,
        @DefaultValue("3") int writeAttempts,
        @DefaultValue("200ms") Duration writeBackoff) {

    public ResilienceProperties {
        if (maxConcurrentReads < 1 || minimumCalls < 1 || writeAttempts < 1) {
            throw new IllegalArgumentException("eventlens.resilience.* counts must be at least 1");
        }
    }
}
