/** Reports and event pages: validated, engine-neutral queries and the results engines return. */
@NullMarked
package io.eventlens.core.query;

import org.jspecify.annotations.NullMarked;
