package io.eventlens.app.health;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** What a failed check says: the kind of failure, never a connection string or a stack trace. */
final class HealthErrors {

    private HealthErrors() {}

    static String describe(Throwable error, Duration timeout) {
        if (error instanceof TimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        return error.getClass().getSimpleName();
    }
}
