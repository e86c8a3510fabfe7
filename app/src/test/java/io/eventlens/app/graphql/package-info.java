/** End-to-end tests of the GraphQL API over HTTP against the running application and its real PostgreSQL. */
@NullMarked
package io.eventlens.app.graphql;

import org.jspecify.annotations.NullMarked;
