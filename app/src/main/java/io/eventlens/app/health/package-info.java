/** Readiness that means something: the storage engine and Redis, each asked within a time limit. */
@NullMarked
package io.eventlens.app.health;

import org.jspecify.annotations.NullMarked;
