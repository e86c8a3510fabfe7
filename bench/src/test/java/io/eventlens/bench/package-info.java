/** Smoke runs of the benchmark programs against an app the tests start. */
@NullMarked
package io.eventlens.bench;

import org.jspecify.annotations.NullMarked;
