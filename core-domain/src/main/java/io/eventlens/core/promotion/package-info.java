/** Hot JSON properties promoted to typed columns of the events table, so reports stop parsing JSON for them. */
@NullMarked
package io.eventlens.core.promotion;

import org.jspecify.annotations.NullMarked;
