/** End-to-end tests of {@code POST /v1/events} over HTTP against the running application and its real PostgreSQL. */
@NullMarked
package io.eventlens.app.ingest;

import org.jspecify.annotations.NullMarked;
