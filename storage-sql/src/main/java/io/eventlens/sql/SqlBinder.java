package io.eventlens.sql;

import java.time.Instant;

/** An engine's bind parameters: each value becomes a placeholder typed as its dialect needs, never SQL text. */
public interface SqlBinder {

    /** A placeholder for a text value. */
    String text(String value);

    /** A placeholder for an absolute instant, whatever the session's time zone. */
    String timestamp(Instant value);
}
