/** Saved dashboards: named grids of saved views that a project keeps server-side for its web page. */
@NullMarked
package io.eventlens.core.dashboard;

import org.jspecify.annotations.NullMarked;
