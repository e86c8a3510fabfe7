package io.eventlens.app.modularity.postgres;

/** A module class other fixtures reach for. */
public final class Storage {}
