package io.eventlens.core.storage;

/**
 * What one project takes in storage. Bytes are estimates (its share of shared tables, indexes included).
 *
 * @param events raw events kept
 * @param eventBytes bytes those events take
 * @param rollupRows rows of all its rollups (sketch rows included)
 * @param rollupBytes bytes those rows take
 */
public record StorageUsage(long events, long eventBytes, long rollupRows, long rollupBytes) {}
