/** The storage contract suite: one dataset, an independent oracle and the tests every storage engine must pass. */
@NullMarked
package io.eventlens.core.storage.contract;

import org.jspecify.annotations.NullMarked;
