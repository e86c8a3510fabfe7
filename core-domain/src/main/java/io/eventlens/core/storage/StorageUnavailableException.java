package io.eventlens.core.storage;

/** Storage could not be reached or failed; the caller may retry. */
public final class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
