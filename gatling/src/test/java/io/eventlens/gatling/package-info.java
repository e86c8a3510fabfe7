/** Gatling load scenarios against a running EventLens, and the smoke runs that keep them working. */
@NullMarked
package io.eventlens.gatling;

import org.jspecify.annotations.NullMarked;
