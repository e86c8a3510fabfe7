/**
 * Tests of how the HTTP server treats requests it cannot read, of request ids in structured logs, and of the OpenAPI
 * document against real answers.
 */
@NullMarked
package io.eventlens.app.http;

import org.jspecify.annotations.NullMarked;
