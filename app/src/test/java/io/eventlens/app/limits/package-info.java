/** Tests of the rate limits' parts. */
@NullMarked
package io.eventlens.app.limits;

import org.jspecify.annotations.NullMarked;
