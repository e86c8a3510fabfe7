package io.eventlens.ingestion;

import io.eventlens.core.ingest.BatchRejectedException;
import io.eventlens.core.ingest.EventDraft;
import io.eventlens.core.ingest.IngestResult;
import io.eventlens.core.ingest.Rejection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A request body read into drafts. Entries that could not be read (a malformed NDJSON line, an array element that is
 * no object) are rejections already; the drafts are renumbered for the ingestor, so results are mapped back to the
 * entries' positions in the body.
 */
final class ParsedBatch {

    private final List<EventDraft> drafts;
    private final int[] positions;
    private final List<Rejection> unreadable;
    private final int size;

    private ParsedBatch(List<EventDraft> drafts, int[] positions, List<Rejection> unreadable, int size) {
        this.drafts = drafts;
        this.positions = positions;
        this.unreadable = unreadable;
        this.size = size;
    }

    /** Entries in the body, readable or not. */
    int size() {
        return size;
    }

    /** The readable entries, in body order. */
    List<EventDraft> drafts() {
        return drafts;
    }

    List<Rejection> unreadable() {
        return unreadable;
    }

    /** The ingestor's result for {@link #drafts()}, with indexes of the body and the unreadable entries added. */
    IngestResult merge(IngestResult result) {
        List<Rejection> rejected = new ArrayList<>(result.rejected().size() + unreadable.size());
        for (Rejection rejection : result.rejected()) {
            rejected.add(new Rejection(positions[rejection.index()], rejection.field(), rejection.reason()));
        }
        rejected.addAll(unreadable);
        rejected.sort(Comparator.comparingInt(Rejection::index));
        return new IngestResult(result.accepted(), result.duplicates(), rejected);
    }

    /** Collects entries in body order and stops a body with more events than a batch may hold. */
    static final class Builder {
        private final int maxEvents;
        private final List<EventDraft> drafts = new ArrayList<>();
        private int[] positions = new int[16];
        private final List<Rejection> unreadable = new ArrayList<>();
        private int size;

        Builder(int maxEvents) {
            this.maxEvents = maxEvents;
        }

        void add(EventDraft draft) {
            int position = next();
            if (drafts.size() == positions.length) {
                positions = Arrays.copyOf(positions, positions.length * 2);
            }
            positions[drafts.size()] = position;
            drafts.add(draft);
        }

        void reject(String field, String reason) {
            unreadable.add(new Rejection(next(), field, reason));
        }

        /** The position of the entry being added, refusing it once the batch is full. */
        private int next() {
            if (size == maxEvents) {
                throw new BatchRejectedException(
                        BatchRejectedException.Code.TOO_MANY_EVENTS,
                        "the batch holds more " + "than " + maxEvents + " events: split it into smaller batches");
            }
            return size++;
        }

        ParsedBatch build() {
            return new ParsedBatch(drafts, positions, unreadable, size);
        }
    }
}
