/** Anomaly detection: flags report buckets whose z-score against a trailing window exceeds a threshold. */
@NullMarked
package io.eventlens.core.anomaly;

import org.jspecify.annotations.NullMarked;
