/** The storage SPI every engine implements and the shared contract suite verifies. */
@NullMarked
package io.eventlens.core.storage;

import org.jspecify.annotations.NullMarked;
