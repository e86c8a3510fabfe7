/** End-to-end tests of alert rules: webhooks received by a server the test starts, across restarts. */
@NullMarked
package io.eventlens.app.alerts;

import org.jspecify.annotations.NullMarked;
