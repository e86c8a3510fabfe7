/** The HTTP ingestion endpoint: reads JSON and NDJSON batches and hands them to the event ingestor. */
@NullMarked
package io.eventlens.ingestion;

import org.jspecify.annotations.NullMarked;
