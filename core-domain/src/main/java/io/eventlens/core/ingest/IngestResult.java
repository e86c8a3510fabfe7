package io.eventlens.core.ingest;

import java.util.List;

/**
 * The answer to a committed batch.
 *
 * @param accepted events newly stored
 * @param duplicates valid events skipped because their id was already stored (a retried batch)
 * @param rejected invalid events, each with its index in the batch, the field and the reason
 */
public record IngestResult(int accepted, int duplicates, List<Rejection> rejected) {

    public IngestResult {
        rejected = List.copyOf(rejected);
    }
}
