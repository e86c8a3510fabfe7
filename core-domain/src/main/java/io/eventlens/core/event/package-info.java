/** The event as stored: a validated, immutable record of something a user did. */
@NullMarked
package io.eventlens.core.event;

import org.jspecify.annotations.NullMarked;
