/**
 * The HTTP ways events come in: {@code POST /v1/events} (JSON and NDJSON batches), Segment's HTTP Tracking API, the
 * website tracker ({@code /js/eventlens.js} and {@code POST /v1/collect}) and browser keys' CORS; all hand their
 * events to the one event ingestor.
 */
@NullMarked
package io.eventlens.ingestion;

import org.jspecify.annotations.NullMarked;
