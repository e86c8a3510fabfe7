package io.eventlens.core.storage;

/** What a committed write did: events newly stored, and events skipped because their id was already stored. */
public record WriteResult(int inserted, int duplicates) {

    public static final WriteResult EMPTY = new WriteResult(0, 0);

    public WriteResult plus(WriteResult other) {
        return new WriteResult(inserted + other.inserted, duplicates + other.duplicates);
    }
}
