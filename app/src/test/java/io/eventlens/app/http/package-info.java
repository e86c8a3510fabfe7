/** Tests of how the HTTP server treats requests it cannot read. */
@NullMarked
package io.eventlens.app.http;

import org.jspecify.annotations.NullMarked;
