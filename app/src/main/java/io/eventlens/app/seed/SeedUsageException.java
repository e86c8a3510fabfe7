package io.eventlens.app.seed;

/** The seed command was called with arguments it cannot run with; the message names the argument. */
final class SeedUsageException extends IllegalArgumentException {

    SeedUsageException(String message) {
        super(message);
    }
}
