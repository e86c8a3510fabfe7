/** Wires projects and API keys: the authenticator, key management, the server admin token and the demo keys. */
@NullMarked
package io.eventlens.app.access;

import org.jspecify.annotations.NullMarked;
