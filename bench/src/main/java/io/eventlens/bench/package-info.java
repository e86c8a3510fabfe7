/** Benchmark programs that measure a running EventLens the way its users load it (docs/benchmarks.md). */
@NullMarked
package io.eventlens.bench;

import org.jspecify.annotations.NullMarked;
