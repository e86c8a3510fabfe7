/** How the HTTP server itself treats requests it cannot read, before any endpoint sees them. */
@NullMarked
package io.eventlens.app.http;

import org.jspecify.annotations.NullMarked;
