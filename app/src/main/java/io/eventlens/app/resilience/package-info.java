/** Storage behind a time limiter, circuit breaker and bulkhead, and ingest writes retried with backoff. */
@NullMarked
package io.eventlens.app.resilience;

import org.jspecify.annotations.NullMarked;
