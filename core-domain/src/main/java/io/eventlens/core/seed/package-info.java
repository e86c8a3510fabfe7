/** Deterministic sample traffic for demos, benchmarks and tests: the same seed always yields the same events. */
@NullMarked
package io.eventlens.core.seed;

import org.jspecify.annotations.NullMarked;
