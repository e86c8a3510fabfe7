/**
 * The default storage engine: events in time-partitioned PostgreSQL tables, read and written over R2DBC, with its
 * rollups and its configuration. {@link io.eventlens.postgres.PostgresDatabase},
 * {@link io.eventlens.postgres.SqlParameters}, {@link io.eventlens.postgres.SqlStatement} and
 * {@link io.eventlens.postgres.MigratedSchema} are public only for the metadata stores in
 * {@code io.eventlens.postgres.meta}; nothing outside storage-postgres may use them (ModularityTests).
 */
@NullMarked
package io.eventlens.postgres;

import org.jspecify.annotations.NullMarked;
