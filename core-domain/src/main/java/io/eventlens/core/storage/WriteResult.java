package io.eventlens.core.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a committed write did: events newly stored, and events skipped because their id was already stored.
 *
 * @param insertedIds the ids of the events newly stored, so after-commit listeners see exactly what was stored; empty
 *     where an engine does not report them. Equality is on the counts alone: the ids detail which events won.
 */
public record WriteResult(int inserted, int duplicates, List<UUID> insertedIds) {

    public static final WriteResult EMPTY = new WriteResult(0, 0);

    public WriteResult {
        insertedIds = List.copyOf(insertedIds);
    }

    public WriteResult(int inserted, int duplicates) {
        this(inserted, duplicates, List.of());
    }

    public WriteResult plus(WriteResult other) {
        List<UUID> ids = new ArrayList<>(insertedIds);
        ids.addAll(other.insertedIds);
        return new WriteResult(inserted + other.inserted, duplicates + other.duplicates, ids);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WriteResult that && inserted == that.inserted && duplicates == that.duplicates;
    }

    @Override
    public int hashCode() {
        return 31 * inserted + duplicates;
    }

    @Override
    public String toString() {
        return "WriteResult[inserted=" + inserted + ", duplicates=" + duplicates + "]";
    }
}
