/** Turning client-sent event drafts into validated events and storing them: one path for HTTP and GraphQL. */
@NullMarked
package io.eventlens.core.ingest;

import org.jspecify.annotations.NullMarked;
