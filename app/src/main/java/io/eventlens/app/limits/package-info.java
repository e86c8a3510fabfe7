/** Per-key rate limits shared by all instances through Redis, with a configured behaviour while Redis is away. */
@NullMarked
package io.eventlens.app.limits;

import org.jspecify.annotations.NullMarked;
