/** The default storage engine: events in time-partitioned PostgreSQL tables, read and written over R2DBC. */
@NullMarked
package io.eventlens.postgres;

import org.jspecify.annotations.NullMarked;
