/** Rollups (pre-aggregated events) and the engine-neutral planner that decides when they answer a report. */
@NullMarked
package io.eventlens.core.rollup;

import org.jspecify.annotations.NullMarked;
