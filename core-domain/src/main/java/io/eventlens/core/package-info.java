/** The engine-neutral heart of EventLens: events, reports, the catalog and the storage SPI. */
@NullMarked
package io.eventlens.core;

import org.jspecify.annotations.NullMarked;
