/** Browser tests of the built-in dashboard: Debian's Chromium, driven by Playwright, against the running app. */
@NullMarked
package io.eventlens.app.dashboard;

import org.jspecify.annotations.NullMarked;
