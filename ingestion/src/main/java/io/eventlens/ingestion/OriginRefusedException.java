package io.eventlens.ingestion;

/** A page of an origin the key is not bound to (or a server key used from a page): refused, nothing stored. */
final class OriginRefusedException extends RuntimeException {

    OriginRefusedException(String message) {
        super(message, null, false, false);
    }
}
