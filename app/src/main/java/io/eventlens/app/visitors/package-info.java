/** The daily salt of cookieless visitor ids, shared by every instance through Redis. */
@NullMarked
package io.eventlens.app.visitors;

import org.jspecify.annotations.NullMarked;
