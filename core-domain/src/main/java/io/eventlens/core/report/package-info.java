/** Engine-neutral assembly of report answers from what an engine reads: the others row and the previous period. */
@NullMarked
package io.eventlens.core.report;

import org.jspecify.annotations.NullMarked;
