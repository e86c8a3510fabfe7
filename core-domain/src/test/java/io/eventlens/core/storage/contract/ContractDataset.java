package io.eventlens.core.storage.contract;

import io.eventlens.core.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The deterministic events every contract suite writes: two random windows around the 2026 DST changes of
 * Europe/Berlin (Mar 29, Oct 25) and America/New_York (Mar 8, Nov 1), plus hand-placed events on range and bucket
 * boundaries, inside repeated fall-back hours, on shared timestamps and just before {@link #NOW}.
 */
public final class ContractDataset {

    /** The spring window of random events, spanning both spring-forward changes. */
    public static final Instant SPRING_FROM = Instant.parse("2026-02-23T00:00:00Z");

    public static final Instant SPRING_TO = Instant.parse("2026-04-20T00:00:00Z");
    /** The fall window of random events, spanning both fall-back changes. */
    public static final Instant FALL_FROM = Instant.parse("2026-10-05T00:00:00Z");

    public static final Instant FALL_TO = Instant.parse("2026-11-30T00:00:00Z");
    /** A range holding every event of the dataset. */
    public static final Instant ALL_FROM = Instant.parse("2026-02-01T00:00:00Z");

    public static final Instant ALL_TO = Instant.parse("2026-12-01T00:00:00Z");
    /** A range without any event: between the two windows. */
    public static final Instant EMPTY_FROM = Instant.parse("2026-06-01T00:00:00Z");

    public static final Instant EMPTY_TO = Instant.parse("2026-06-08T00:00:00Z");
    /** A range with events placed exactly on both bounds (and one microsecond inside each). */
    public static final Instant EDGE_FROM = Instant.parse("2026-03-15T10:00:00Z");

    public static final Instant EDGE_TO = Instant.parse("2026-03-15T16:00:00Z");
    /** The "now" of overview tests; events sit on and around the bounds of the hour before it. */
    public static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    /** Timestamps shared by several events, to check the id tie-break of event pages. */
    public static final List<Instant> SHARED_TIMESTAMPS =
            List.of(Instant.parse("2026-03-20T08:00:00.123456Z"), Instant.parse("2026-10-20T20:20:20.000001Z"));

    /** The property key with quotes, SQL comment, statement separator, backslash and non-ASCII text in it. */
    public static final String ODD_KEY = "it's \"odd\"; --key\\ü";

    private static final List<String> TYPES = List.of(
            "page_view",
            "page_view",
            "page_view",
            "click",
            "click",
            "signup",
            "purchase",
            "Checkout Started",
            "it's \"quoted\"; --drop");
    private static final List<@Nullable String> COUNTRIES = nullable("DE", "US", "IN", "NP", "FR", "BR", "JP", null);
    private static final List<@Nullable String> DEVICES = nullable("desktop", "mobile", "tablet", null);
    private static final List<@Nullable String> BROWSERS =
            nullable("Chrome", "Firefox", "Safari", "Edge", "chromium", null);
    private static final List<@Nullable String> OPERATING_SYSTEMS =
            nullable("Windows", "macOS", "Linux", "iOS", "Android", null);
    private static final List<@Nullable String> PAGES = nullable(
            "/",
            "/pricing",
            "/docs/getting-started",
            "/blog/o'reilly",
            "/search?q=a;b--c",
            "/promo/50%_off",
            "/promo/500-off",
            "/café",
            "/路径/页面",
            "C:\\temp\\x",
            null);
    private static final List<@Nullable String> REFERRERS = nullable(
            "https://google.com",
            "https://news.ycombinator.com/item?id=1",
            "https://t.co/\"x\"",
            "https://example.org/ü",
            null,
            null);
    private static final List<@Nullable Object> PLANS = nullable(
            "free", "pro", "enterprise", "Pro \"Max\"", "free'; DROP TABLE events; --", "😀 emoji", "ｆｕｌｌ width");
    private static final List<@Nullable Object> ODD_VALUES =
            nullable("a\\b", "x'y", "1;--", "ünïcødé", "\"quoted\"", "50%_");
    private static final List<@Nullable Object> MIXED = nullable(5, "5", 7, "7", "abc", true, -2.5, 12);

    private final List<Event> events;

    private ContractDataset(List<Event> events) {
        this.events = List.copyOf(events);
    }

    /** The dataset of the contract suite: always the same events. */
    public static ContractDataset standard() {
        return generate(20260329L, 1450);
    }

    /** {@code perWindow} random events in each window from {@code seed}, plus the hand-placed ones. */
    public static ContractDataset generate(long seed, int perWindow) {
        Random random = new Random(seed);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < perWindow; i++) {
            events.add(randomEvent(random, randomInstant(random, SPRING_FROM, SPRING_TO)));
            events.add(randomEvent(random, randomInstant(random, FALL_FROM, FALL_TO)));
        }
        for (Instant at : placedInstants()) {
            events.add(randomEvent(random, at));
        }
        for (int k = 0; k < SHARED_TIMESTAMPS.size(); k++) {
            Instant shared = SHARED_TIMESTAMPS.get(k);
            // Ids on both sides of the sign bit: a signed comparison of UUIDs orders them differently.
            for (String id : List.of(
                    "7fffffff-ffff-4fff-bfff-ffffffffffff",
                    "80000000-0000-4000-8000-000000000000",
                    "00000000-0000-4000-8000-000000000001",
                    "ffffffff-ffff-4fff-bfff-fffffffffffe")) {
                UUID unique = UUID.fromString(id.substring(0, 34) + "%02x".formatted(k));
                events.add(withId(randomEvent(random, shared), unique));
            }
            events.add(randomEvent(random, shared));
        }
        Collections.shuffle(events, random);
        return new ContractDataset(events);
    }

    public List<Event> events() {
        return events;
    }

    /** The events cut into batches of at most {@code size}, in order. */
    public List<List<Event>> batches(int size) {
        List<List<Event>> batches = new ArrayList<>();
        for (int i = 0; i < events.size(); i += size) {
            batches.add(events.subList(i, Math.min(events.size(), i + size)));
        }
        return batches;
    }

    private static List<Instant> placedInstants() {
        List<Instant> instants = new ArrayList<>();
        Duration micro = Duration.of(1, ChronoUnit.MICROS);
        // The edge range: on both bounds and one microsecond inside and outside each. The bounds hold different
        // numbers of events, so a range shifted by a microsecond cannot give the same count by luck.
        instants.addAll(List.of(EDGE_FROM, EDGE_FROM, EDGE_FROM.minus(micro), EDGE_FROM.plus(micro)));
        instants.addAll(List.of(EDGE_TO, EDGE_TO, EDGE_TO, EDGE_TO.minus(micro), EDGE_TO.plus(micro)));
        // Bucket boundaries: UTC day/week/month starts, local midnights in every zone the suite uses.
        for (String at : List.of(
                "2026-03-01T00:00:00Z",
                "2026-03-02T00:00:00Z",
                "2026-04-01T00:00:00Z",
                "2026-11-01T00:00:00Z",
                "2026-11-02T00:00:00Z",
                "2026-03-28T23:00:00Z",
                "2026-03-29T22:00:00Z",
                "2026-10-24T22:00:00Z",
                "2026-10-25T23:00:00Z",
                "2026-03-08T05:00:00Z",
                "2026-03-09T04:00:00Z",
                "2026-11-01T04:00:00Z",
                "2026-11-02T05:00:00Z",
                "2026-03-09T18:30:00Z",
                "2026-03-09T18:15:00Z",
                "2026-10-31T18:30:00Z",
                "2026-10-31T18:15:00Z",
                // DST changes themselves: Berlin 01:00Z both times, New York 07:00Z (spring) and 06:00Z (fall).
                "2026-03-29T01:00:00Z",
                "2026-10-25T01:00:00Z",
                "2026-03-08T07:00:00Z",
                "2026-11-01T06:00:00Z",
                // Inside the repeated hours: Berlin 02:xx local twice, New York 01:xx local twice.
                "2026-10-25T00:30:00Z",
                "2026-10-25T00:59:59.999999Z",
                "2026-10-25T01:30:00Z",
                "2026-11-01T05:15:00Z",
                "2026-11-01T05:59:59.999999Z",
                "2026-11-01T06:15:00Z",
                // Odd offsets: on and just before local hour starts of Kolkata (+05:30) and Kathmandu (+05:45).
                "2026-03-10T04:30:00Z",
                "2026-03-10T04:29:59.999999Z",
                "2026-03-10T04:15:00Z",
                "2026-03-10T04:14:59.999999Z")) {
            Instant instant = Instant.parse(at);
            instants.addAll(List.of(instant, instant.minus(micro)));
        }
        // Around the last hour before NOW: [NOW - 1h, NOW) counts.
        Instant hourBefore = NOW.minus(Duration.ofHours(1));
        // Different numbers of events on each side of both bounds, so an off-by-one-microsecond window shows.
        instants.addAll(List.of(
                hourBefore.minus(micro),
                hourBefore.minus(micro),
                hourBefore.minus(micro),
                hourBefore,
                hourBefore.plus(micro),
                NOW.minus(Duration.ofMinutes(30)),
                NOW.minus(micro),
                NOW,
                NOW,
                NOW.plus(Duration.ofMinutes(1))));
        return instants;
    }

    private static Instant randomInstant(Random random, Instant from, Instant to) {
        long micros = ChronoUnit.MICROS.between(from, to);
        return from.plus(random.nextLong(micros), ChronoUnit.MICROS);
    }

    private static Event randomEvent(Random random, Instant timestamp) {
        String type = pick(random, TYPES);
        Map<String, @Nullable Object> properties = new LinkedHashMap<>();
        if (random.nextInt(10) < 7) {
            properties.put("plan", pick(random, PLANS));
        }
        if (random.nextInt(10) < 6) {
            properties.put("items", random.nextInt(13));
        }
        if (random.nextInt(10) < 6) {
            properties.put("score", quarter(random.nextInt(-20, 81)));
        }
        if (random.nextInt(10) < 5) {
            properties.put("beta", random.nextBoolean());
        }
        switch (random.nextInt(3)) {
            case 0 -> properties.put("coupon", null);
            case 1 -> properties.put("coupon", "SAVE10");
            default -> {}
        }
        if (random.nextInt(4) == 0) {
            properties.put("meta", Map.of("source", "ad", "depth", random.nextInt(3), "tags", List.of("a", "b")));
        }
        if (random.nextInt(3) == 0) {
            properties.put(ODD_KEY, pick(random, ODD_VALUES));
        }
        if (random.nextInt(3) == 0) {
            properties.put("größe", pick(random, nullable("groß", "klein", "中")));
        }
        if (random.nextInt(2) == 0) {
            properties.put("mixed", pick(random, MIXED));
        }
        int user = random.nextInt(300);
        return Event.builder(randomId(random), type, timestamp)
                .userId(random.nextInt(5) == 0 ? null : "u-" + user)
                .sessionId(random.nextInt(10) == 0 ? null : "s-" + user + "-" + random.nextInt(3))
                .country(pick(random, COUNTRIES))
                .device(pick(random, DEVICES))
                .browser(pick(random, BROWSERS))
                .os(pick(random, OPERATING_SYSTEMS))
                .page(pick(random, PAGES))
                .referrer(pick(random, REFERRERS))
                // Multiples of 0.25 add up exactly in binary floating point, whatever the summation order.
                .revenue(type.equals("purchase") || random.nextInt(20) == 0 ? random.nextInt(1, 2000) * 0.25 : null)
                .properties(properties)
                .build();
    }

    /** {@code quarters / 4} as an Integer when whole, else as a Double: the number a JSON parser would produce. */
    private static Number quarter(int quarters) {
        // Not a conditional expression: that would unbox both branches to double.
        if (quarters % 4 == 0) {
            return quarters / 4;
        }
        return quarters / 4.0;
    }

    private static UUID randomId(Random random) {
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least);
    }

    private static Event withId(Event event, UUID id) {
        return new Event(
                id,
                event.type(),
                event.timestamp(),
                event.userId(),
                event.sessionId(),
                event.country(),
                event.device(),
                event.browser(),
                event.os(),
                event.page(),
                event.referrer(),
                event.revenue(),
                event.properties());
    }

    private static <T extends @Nullable Object> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    @SafeVarargs
    private static <T extends @Nullable Object> List<T> nullable(T... values) {
        return Collections.unmodifiableList(java.util.Arrays.asList(values));
    }
}
