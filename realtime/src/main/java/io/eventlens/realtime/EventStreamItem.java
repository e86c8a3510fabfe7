package io.eventlens.realtime;

import io.eventlens.core.event.Event;

/**
 * One pushed event of {@code eventStream}.
 *
 * @param dropped events this subscriber has lost so far because it read too slowly (its buffer was full)
 */
record EventStreamItem(Event event, long dropped) {}
