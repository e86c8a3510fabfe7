/** Metrics for operators: ingestion, rollup freshness and the connection pool, exported through Micrometer. */
@NullMarked
package io.eventlens.app.metrics;

import org.jspecify.annotations.NullMarked;
