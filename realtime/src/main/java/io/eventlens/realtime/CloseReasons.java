package io.eventlens.realtime;

import java.nio.charset.StandardCharsets;
import org.springframework.web.reactive.socket.CloseStatus;

/**
 * Keeps a close frame's reason within what RFC 6455 allows: a control frame carries at most 125 bytes, two of them the
 * code. Spring's handler puts the client's subscription id into some reasons ("Subscriber for ... already exists"),
 * and a longer frame is one the client must reject: it saw a protocol error instead of the 4409.
 */
final class CloseReasons {

    static final int MAX_REASON_BYTES = 123;
    private static final String CUT = "...";

    private CloseReasons() {}

    static CloseStatus fitting(CloseStatus status) {
        String reason = status.getReason();
        if (reason == null || reason.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES) {
            return status;
        }
        return new CloseStatus(status.getCode(), cut(reason));
    }

    /** The longest start of {@code reason}, whole code points only, that fits with the marker after it. */
    private static String cut(String reason) {
        int budget = MAX_REASON_BYTES - CUT.length();
        int end = 0;
        int bytes = 0;
        while (end < reason.length()) {
            int codePoint = reason.codePointAt(end);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > budget) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return reason.substring(0, end) + CUT;
    }
}
