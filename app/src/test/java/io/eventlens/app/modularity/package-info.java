/** Fixture classes laid out like EventLens's modules, each keeping or breaking one rule of ModularityTests. */
@NullMarked
package io.eventlens.app.modularity;

import org.jspecify.annotations.NullMarked;
