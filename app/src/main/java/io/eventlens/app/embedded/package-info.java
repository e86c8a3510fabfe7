/** The zero-setup default: a PostgreSQL started inside EventLens, with its data kept under the data directory. */
@NullMarked
package io.eventlens.app.embedded;

import org.jspecify.annotations.NullMarked;
