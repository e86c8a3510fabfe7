/** End-to-end tests of API keys: authentication, scopes, key management, revocation and project isolation. */
@NullMarked
package io.eventlens.app.access;

import org.jspecify.annotations.NullMarked;
