/** The {@code seed} command: loads deterministic sample events through the bulk write path. */
@NullMarked
package io.eventlens.app.seed;

import org.jspecify.annotations.NullMarked;
