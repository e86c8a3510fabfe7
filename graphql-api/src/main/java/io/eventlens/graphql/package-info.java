/** The schema-first GraphQL API: reports, overview, raw event pages, the catalog and the ingest mutation. */
@NullMarked
package io.eventlens.graphql;

import org.jspecify.annotations.NullMarked;
