package io.eventlens.core.ingest;

import java.util.List;

/**
 * Watches ingestion for operators (metrics): each answered batch with how long its answer took, and entries an API
 * refused before they reached the ingestor. Called on the I/O thread: implementations must be cheap and not block.
 */
public interface IngestObserver {

    /** Watches nothing. */
    IngestObserver NONE = new IngestObserver() {};

    /**
     * A batch was answered: {@code result} as the client gets it from the ingestor, {@code nanos} from the start of
     * validation to the commit (the acknowledgement's latency within the server).
     */
    default void answered(IngestResult result, long nanos) {}

    /** A batch failed after validation (storage away, a timeout): nothing of it was acknowledged. */
    default void failed(long nanos) {}

    /** Entries of a body that could not even be read as events (a malformed NDJSON line); never stored. */
    default void unreadable(List<Rejection> rejections) {}
}
