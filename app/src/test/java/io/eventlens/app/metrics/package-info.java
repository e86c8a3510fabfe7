/** The Prometheus endpoint scraped while the app ingests, answers reports and pushes live results. */
@NullMarked
package io.eventlens.app.metrics;

import org.jspecify.annotations.NullMarked;
