/** Backup of a running app's embedded data and its restore into a new data directory. */
@NullMarked
package io.eventlens.app.backup;

import org.jspecify.annotations.NullMarked;
