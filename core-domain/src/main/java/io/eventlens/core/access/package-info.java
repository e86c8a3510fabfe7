/** Projects, their API keys and scopes, and who the caller of an operation is. */
@NullMarked
package io.eventlens.core.access;

import org.jspecify.annotations.NullMarked;
