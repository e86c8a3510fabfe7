/** Backup and restore of the embedded data directory: a consistent archive taken while the app runs. */
@NullMarked
package io.eventlens.app.backup;

import org.jspecify.annotations.NullMarked;
