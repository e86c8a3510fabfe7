package io.eventlens.app.modularity.postgres.meta;

/** A class of an engine's subpackage, which only the engine itself may use. */
public final class MetaStore {}
