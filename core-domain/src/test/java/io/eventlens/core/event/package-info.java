/** Tests of events' values. */
@NullMarked
package io.eventlens.core.event;

import org.jspecify.annotations.NullMarked;
