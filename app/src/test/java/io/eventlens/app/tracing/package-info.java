/** Traces of ingest and reports exported over OTLP to a receiver the test runs. */
@NullMarked
package io.eventlens.app.tracing;

import org.jspecify.annotations.NullMarked;
