/**
 * The zero-setup defaults: a PostgreSQL started inside EventLens, with its data kept under the data directory, and a
 * Redis that relays live notifications between instances.
 */
@NullMarked
package io.eventlens.app.embedded;

import org.jspecify.annotations.NullMarked;
