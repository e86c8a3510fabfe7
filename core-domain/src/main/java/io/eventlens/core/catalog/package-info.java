/** The names a report may use: metrics and dimensions, resolved before any engine sees a query. */
@NullMarked
package io.eventlens.core.catalog;

import org.jspecify.annotations.NullMarked;
