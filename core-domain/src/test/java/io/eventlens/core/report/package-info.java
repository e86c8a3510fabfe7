/** Tests of the engine-neutral assembly of report answers. */
@NullMarked
package io.eventlens.core.report;

import org.jspecify.annotations.NullMarked;
