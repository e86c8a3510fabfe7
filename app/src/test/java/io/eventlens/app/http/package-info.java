/** Tests of how the HTTP server treats requests it cannot read, and of request ids in structured logs. */
@NullMarked
package io.eventlens.app.http;

import org.jspecify.annotations.NullMarked;
