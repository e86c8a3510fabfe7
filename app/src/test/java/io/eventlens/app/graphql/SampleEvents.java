package io.eventlens.app.graphql;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Random but reproducible events inside a window of their own. Each test class takes a different slot: a day far in
 * the past, spaced so that no class's buckets reach into another's, so classes sharing the database stay apart.
 */
final class SampleEvents {

    /** One random base per JVM, so repeated runs against a kept database would not meet old events either. */
    private static final long BASE_DAYS_AGO = 400 + new Random().nextInt(2500);

    /** Marks every event this JVM sends, for tests on fixed dates that others might also use. */
    static final String RUN = UUID.randomUUID().toString();

    private static final String[] TYPES = {"page_view", "page_view", "page_view", "signup", "purchase"};
    private static final String[] COUNTRIES = {"DE", "US", "US", "FR", "BR", null};
    private static final String[] DEVICES = {"desktop", "desktop", "mobile", "tablet", null};
    private static final String[] BROWSERS = {"Firefox", "Chrome", "Safari", null};
    private static final String[] PAGES = {"/Pricing", "/docs/start", "/blog/pricing-update", "/", null};
    private static final String[] PLANS = {"free", "pro", "team", null};

    private SampleEvents() {}

    /** UTC midnight of this class's day; slots must differ between test classes. */
    static Instant day(int slot) {
        return LocalDate.now(ZoneOffset.UTC)
                .minusDays(BASE_DAYS_AGO + 7L * slot)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
    }

    /** {@code count} events with random fields at random microseconds of {@code [from, from + span)}. */
    static List<SentEvent> random(Random random, Instant from, Duration span, int count) {
        List<SentEvent> events = new ArrayList<>();
        long spanMicros = span.toNanos() / 1000;
        for (int i = 0; i < count; i++) {
            Instant timestamp = from.plus(random.nextLong(spanMicros), ChronoUnit.MICROS);
            events.add(random(random, timestamp));
        }
        return events;
    }

    static SentEvent random(Random random, Instant timestamp) {
        String type = pick(random, TYPES);
        Map<String, @Nullable Object> properties = new LinkedHashMap<>();
        properties.put("run", RUN);
        String plan = pick(random, PLANS);
        if (plan != null) {
            properties.put("plan", plan);
        }
        if (random.nextInt(10) < 7) {
            properties.put("amount", random.nextInt(101));
        }
        if (random.nextInt(4) == 0) {
            properties.put("beta", random.nextBoolean());
        }
        return new SentEvent(
                UUID.randomUUID(),
                type,
                timestamp,
                random.nextInt(10) == 0 ? null : "user-" + random.nextInt(25),
                random.nextInt(10) == 0 ? null : "session-" + random.nextInt(60),
                pick(random, COUNTRIES),
                pick(random, DEVICES),
                pick(random, BROWSERS),
                "Linux",
                pick(random, PAGES),
                random.nextBoolean() ? "https://example.org/" + random.nextInt(3) : null,
                type.equals("purchase") ? (double) (1 + random.nextInt(20000)) / 4 : null,
                properties);
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }
}
