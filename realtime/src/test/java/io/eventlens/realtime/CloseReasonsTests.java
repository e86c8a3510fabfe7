package io.eventlens.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.socket.CloseStatus;

class CloseReasonsTests {

    @Test
    void aShortReasonIsKeptAsItIs() {
        CloseStatus status = new CloseStatus(4409, "Subscriber for 1 already exists");

        assertThat(CloseReasons.fitting(status)).isSameAs(status);
    }

    @Test
    void aLongReasonIsCutToTheFramesLimitKeepingItsCode() {
        String id = "x".repeat(200);
        CloseStatus fitted = CloseReasons.fitting(new CloseStatus(4409, "Subscriber for " + id + " already exists"));

        assertThat(fitted.getCode()).isEqualTo(4409);
        assertThat(fitted.getReason()).startsWith("Subscriber for xxx").endsWith("...");
        // RFC 6455 5.5: a control frame's payload is at most 125 bytes, the code taking two.
        assertThat(2 + fitted.getReason().getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(125)
                .isGreaterThan(120);
    }

    @Test
    void aCutNeverSplitsACharacter() {
        String reason = "é".repeat(50) + "😀".repeat(40); // 2-byte and 4-byte characters, 260 bytes in all
        String fitted = CloseReasons.fitting(new CloseStatus(4400, reason)).getReason();

        byte[] bytes = fitted.getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).isLessThanOrEqualTo(CloseReasons.MAX_REASON_BYTES);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(fitted);
        assertThat(fitted).doesNotContain("\uFFFD").endsWith("...");
        assertThat(reason).startsWith(fitted.substring(0, fitted.length() - 3));
    }
}
