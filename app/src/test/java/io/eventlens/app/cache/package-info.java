/** Tests of the report cache: Redis going away and coming back, single-flight, and the overview it keeps. */
@NullMarked
package io.eventlens.app.cache;

import org.jspecify.annotations.NullMarked;
