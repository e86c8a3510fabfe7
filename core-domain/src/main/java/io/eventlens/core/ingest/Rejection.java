package io.eventlens.core.ingest;

/** Why one event of a batch was not stored: its position, the field at fault and what is wrong with it. */
public record Rejection(int index, String field, String reason) {}
