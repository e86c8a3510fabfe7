/** Tests of the report cache while its Redis goes away and comes back. */
@NullMarked
package io.eventlens.app.cache;

import org.jspecify.annotations.NullMarked;
