/** Tests of browser keys' origins. */
@NullMarked
package io.eventlens.core.access;

import org.jspecify.annotations.NullMarked;
