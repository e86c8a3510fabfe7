/** Liveness and readiness of a running app while the servers it needs go away and come back. */
@NullMarked
package io.eventlens.app.health;

import org.jspecify.annotations.NullMarked;
