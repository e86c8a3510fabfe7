package io.eventlens.app.modularity.postgres;

/** Named like the engine's SQL plumbing: public for the engine's subpackages, used by nothing outside the engine. */
public final class SqlStatement {}
