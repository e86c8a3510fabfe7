/** A seeded fuzzer of the HTTP entry points: random and mutated requests against the running application. */
@NullMarked
package io.eventlens.app.fuzz;

import org.jspecify.annotations.NullMarked;
