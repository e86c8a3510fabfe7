package io.eventlens.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.ingest.VisitorSalts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

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
        String today = id(visitors.visitor(shop, "203.0.113.7", "Firefox"));

        assertThat(id(visitors.visitor(shop, "203.0.113.7", "Firefox")))
                .isEqualTo(today)
                .startsWith("v_")
                .hasSize(18);
        assertThat(id(visitors.visitor(shop, "203.0.113.7", "Chrome"))).isNotEqualTo(today);
        assertThat(id(visitors.visitor(shop, "203.0.113.8", "Firefox"))).isNotEqualTo(today);
        assertThat(id(visitors.visitor(new ProjectId("blog"), "203.0.113.7", "Firefox")))
                .isNotEqualTo(today);
        clock.now = clock.now.plus(Duration.ofMinutes(2)); // past UTC midnight: a new salt
        assertThat(id(visitors.visitor(shop, "203.0.113.7", "Firefox"))).isNotEqualTo(today);
        // Without shared salts, another instance (or a restart) has a salt of its own.
        assertThat(id(new VisitorIds(clock).visitor(shop, "203.0.113.7", "Firefox")))
                .isNotEqualTo(id(visitors.visitor(shop, "203.0.113.7", "Firefox")));
    }

    @Test
    void instancesSharingSaltsCountAVisitorOnceAndFallBackToTheirOwnWhenTheyCannot() {
        Map<LocalDate, byte[]> store = new ConcurrentHashMap<>();
        // The SPI's contract in memory: the first to ask sets the day's salt.
        VisitorSalts shared = day -> Mono.fromSupplier(() -> store.computeIfAbsent(day, d -> {
            byte[] salt = new byte[32];
            new java.security.SecureRandom().nextBytes(salt);
            return salt;
        }));
        String a = id(new VisitorIds(clock, shared).visitor(shop, "203.0.113.7", "Firefox"));
        assertThat(id(new VisitorIds(clock, shared).visitor(shop, "203.0.113.7", "Firefox")))
                .isEqualTo(a);

        VisitorIds cutOff = new VisitorIds(clock, day -> Mono.error(new IllegalStateException("Redis is away")));
        String alone = id(cutOff.visitor(shop, "203.0.113.7", "Firefox"));
        assertThat(alone).isNotEqualTo(a);
        assertThat(id(cutOff.visitor(shop, "203.0.113.7", "Firefox")))
                .as("one salt for the day")
                .isEqualTo(alone);
    }

    private static String id(Mono<String> visitor) {
        AtomicReference<String> id = new AtomicReference<>();
        visitor.as(StepVerifier::create).consumeNextWith(id::set).verifyComplete();
        return id.get();
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
