/**
 * The engine's metadata stores: projects, API keys, definitions, dashboards and alert rules, each a core SPI over its
 * own table, kept in PostgreSQL whichever engine holds the events. Nothing here is public: the stores register
 * themselves ({@code PostgresMetaAutoConfiguration}), so the engine's package never depends on this one.
 */
@NullMarked
package io.eventlens.postgres.meta;

import org.jspecify.annotations.NullMarked;
