/** Report answers cached in Redis, invalidated exactly by the writes that change them. */
@NullMarked
package io.eventlens.app.cache;

import org.jspecify.annotations.NullMarked;
