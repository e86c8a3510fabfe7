/** Live dashboards: GraphQL subscriptions fed by committed events, shared per input and fanned out through Redis. */
@NullMarked
package io.eventlens.realtime;

import org.jspecify.annotations.NullMarked;
