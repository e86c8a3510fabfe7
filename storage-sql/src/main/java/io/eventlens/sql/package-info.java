/**
 * SQL text every storage engine's dialect shares, over core's query model: the standard parts of compiled
 * expressions, the events of a project in a range, keyset pages, report aliases and order, and session windows.
 * Values are always bound through the engine's {@link io.eventlens.sql.SqlBinder}; no Spring, no driver.
 */
@NullMarked
package io.eventlens.sql;

import org.jspecify.annotations.NullMarked;
