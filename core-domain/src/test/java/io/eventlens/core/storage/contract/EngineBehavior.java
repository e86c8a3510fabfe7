package io.eventlens.core.storage.contract;

/**
 * What an engine may or may not do beyond the contract's common ground. Each engine's suite declares what it has
 * ({@link StorageContract#hasBehavior}); the contract tests then hold it to its declaration both ways, so a
 * declaration cannot be wrong silently.
 */
public enum EngineBehavior {
    /**
     * Rollup rows keep the exact sets of their distinct users and sessions: exact distinct counts merge from the
     * narrow rollups (e.g. {@code type_1d}) instead of counting over rollups that keep the ids as columns.
     */
    KEEPS_MEMBER_SETS,
    /**
     * Hot JSON properties can be promoted to typed columns ({@code EventStorage#promotions}); an engine without it
     * answers {@code PropertyPromotions.NONE}, which refuses promotions.
     */
    PROMOTES_PROPERTIES
}
