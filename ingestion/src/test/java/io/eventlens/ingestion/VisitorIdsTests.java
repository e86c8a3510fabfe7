package io.eventlens.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class VisitorIdsTests {

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-06T23:59:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final TestClock clock = new TestClock();
    final ProjectId shop = new ProjectId("shop");

    @Test
    void oneBrowserIsOneVisitorADayAndAnotherTheNextDay() {
        VisitorIds visitors = new VisitorIds(clock);
        String today = visitors.visitor(shop, "203.0.113.7", "Firefox");

        assertThat(visitors.visitor(shop, "203.0.113.7", "Firefox")).isEqualTo(today).startsWith("v_").hasSize(18);
        assertThat(visitors.visitor(shop, "203.0.113.7", "Chrome")).isNotEqualTo(today);
        assertThat(visitors.visitor(shop, "203.0.113.8", "Firefox")).isNotEqualTo(today);
        assertThat(visitors.visitor(new ProjectId("blog"), "203.0.113.7", "Firefox")).isNotEqualTo(today);
        clock.now = clock.now.plus(Duration.ofMinutes(2)); // past UTC midnight: a new salt
        assertThat(visitors.visitor(shop, "203.0.113.7", "Firefox")).isNotEqualTo(today);
        // Another instance (or a restart) has a salt of its own.
        assertThat(new VisitorIds(clock).visitor(shop, "203.0.113.7", "Firefox"))
                .isNotEqualTo(visitors.visitor(shop, "203.0.113.7", "Firefox"));
    }

    @Test
    void aVisitorGetsItsBudgetPerMinuteFromItsFirstEvent() {
        VisitorLimits limits = new VisitorLimits(clock, 3);
        assertThat(limits.admit("a")).isTrue();
        clock.now = clock.now.plusSeconds(30);
        assertThat(limits.admit("a")).isTrue();
        assertThat(limits.admit("a")).isTrue();
        assertThat(limits.admit("a")).isFalse();
        assertThat(limits.admit("b")).as("another visitor's budget is its own").isTrue();
        clock.now = clock.now.plusSeconds(30); // a minute after a's first event
        assertThat(limits.admit("a")).isTrue();
    }
}
