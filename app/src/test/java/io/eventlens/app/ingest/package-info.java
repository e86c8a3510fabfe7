/**
 * End-to-end tests of the ways events come in over HTTP ({@code /v1/events}, Segment's API, the website tracker in a
 * browser, browser keys) against the running application and its real PostgreSQL.
 */
@NullMarked
package io.eventlens.app.ingest;

import org.jspecify.annotations.NullMarked;
