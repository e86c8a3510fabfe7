/** End-to-end tests of live subscriptions, driven by real graphql-transport-ws clients over WebSocket. */
@NullMarked
package io.eventlens.app.realtime;

import org.jspecify.annotations.NullMarked;
