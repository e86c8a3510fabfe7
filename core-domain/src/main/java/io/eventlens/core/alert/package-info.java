/** Alert rules: a report shape, a rolling window and a condition, their per-series states and notifications. */
@NullMarked
package io.eventlens.core.alert;

import org.jspecify.annotations.NullMarked;
