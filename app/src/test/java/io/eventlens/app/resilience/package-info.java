/** End-to-end tests of the storage guards: PostgreSQL going away and coming back under an app that keeps running. */
@NullMarked
package io.eventlens.app.resilience;

import org.jspecify.annotations.NullMarked;
