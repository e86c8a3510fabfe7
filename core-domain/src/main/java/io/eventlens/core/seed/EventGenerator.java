package io.eventlens.core.seed;

import static io.eventlens.core.seed.Weighted.choice;

import io.eventlens.core.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * Generates plausible web-shop traffic, deterministically: the same seed gives the same events in the same order,
 * ids included, so loading a seed twice stores nothing new. Users follow the 80/20 rule (see {@link Audience});
 * each visit is a session of page views (each with the {@code duration_ms} its reader spent) that may go down the
 * purchase funnel {@code page_view} of a product, {@code add_to_cart}, {@code checkout}, {@code purchase} (with
 * revenue = quantity x the product's price), losing visitors at each step. Visits start more often in the
 * visitor's evening than at night and less often at weekends ({@link TrafficClock}), within {@code span} before
 * {@code now}: {@code now - span <= timestamp < now}, microsecond precision. A shorter run is a prefix of a longer
 * one with the same seed; {@code now} only moves timestamps (by exactly the shift when that is whole weeks), never
 * ids, users, sessions, types, properties or revenue.
 */
public final class EventGenerator {

    private static final Weighted<String> COUNTRIES = Weighted.of(
            choice("US", 30),
            choice("DE", 12),
            choice("GB", 10),
            choice("FR", 8),
            choice("IN", 8),
            choice("BR", 6),
            choice("CA", 5),
            choice("JP", 5),
            choice("NL", 4),
            choice("ES", 4),
            choice("AU", 3),
            choice("PL", 3),
            choice("SE", 2));
    private static final Weighted<String> DEVICES =
            Weighted.of(choice("desktop", 55), choice("mobile", 38), choice("tablet", 7));
    private static final Weighted<String> DESKTOP_OS =
            Weighted.of(choice("Windows", 60), choice("macOS", 30), choice("Linux", 10));
    private static final Weighted<String> MOBILE_OS = Weighted.of(choice("Android", 60), choice("iOS", 40));
    private static final Weighted<String> DESKTOP_BROWSERS =
            Weighted.of(choice("Chrome", 62), choice("Edge", 13), choice("Firefox", 12), choice("Safari", 13));
    private static final Weighted<String> MOBILE_BROWSERS =
            Weighted.of(choice("Chrome", 55), choice("Safari", 35), choice("Samsung Internet", 10));
    private static final Weighted<String> LANDING_PAGES = Weighted.of(
            choice("/", 40), choice("/pricing", 15), choice("/blog", 15), choice("/docs", 10), choice("/products", 20));
    private static final Weighted<String> BROWSING_PAGES = Weighted.of(
            choice("/products", 40),
            choice("/pricing", 15),
            choice("/docs", 20),
            choice("/blog", 15),
            choice("/about", 10));
    private static final Weighted<String> REFERRERS = Weighted.of(
            choice("google.com", 45),
            choice("bing.com", 6),
            choice("duckduckgo.com", 5),
            choice("twitter.com", 8),
            choice("news.ycombinator.com", 6),
            choice("reddit.com", 7),
            choice("github.com", 8),
            choice("linkedin.com", 5),
            choice("newsletter", 10));
    private static final Weighted<String> PLANS = Weighted.of(choice("free", 70), choice("pro", 25), choice("team", 5));

    /** The default number of users, as the seed command's {@code --users}. */
    public static final int DEFAULT_USERS = 20_000;
    /** The most users a generator draws from (its weights take 8 bytes a user). */
    public static final int MAX_USERS = 10_000_000;

    private static final int PRODUCTS = 200;
    private static final long MICROS_PER_SECOND = 1_000_000;
    // Funnel drop-off per step, typical of a web shop: ~55% of visits see a product, ~4% of visits buy.
    private static final double SEES_PRODUCT = 0.55;
    private static final double ADDS_TO_CART = 0.22;
    private static final double CHECKS_OUT = 0.55;
    private static final double PURCHASES = 0.62;
    // Salt of the per-session stream that places sessions in time, apart from the stream that shapes them.
    private static final long CLOCK_SALT = 0x7A11_C10C_5EED_0001L;

    private final long seed;
    private final Instant now;
    private final long spanMicros;
    private final long windowStartMicros;
    private final Audience audience;

    /** A generator over {@value #DEFAULT_USERS} users. */
    public EventGenerator(long seed, Instant now, Duration span) {
        this(seed, now, span, DEFAULT_USERS);
    }

    /**
     * @param seed selects the traffic; equal seeds (and users) give equal events
     * @param now the exclusive end of the time window (truncated to microseconds)
     * @param span how far back events reach, positive
     * @param users how many distinct users visit, 1 to {@value #MAX_USERS}; a fifth of them bring 80% of visits
     */
    public EventGenerator(long seed, Instant now, Duration span, int users) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(span, "span");
        if (span.isNegative() || span.toNanos() < 1_000) {
            throw new IllegalArgumentException("span must be at least a microsecond: " + span);
        }
        if (users < 1 || users > MAX_USERS) {
            throw new IllegalArgumentException("users must be between 1 and " + MAX_USERS + ": " + users);
        }
        this.seed = seed;
        this.now = now.truncatedTo(ChronoUnit.MICROS);
        this.spanMicros = span.toNanos() / 1_000;
        this.windowStartMicros = epochMicros(this.now) - spanMicros;
        this.audience = new Audience(users);
    }

    /** The first {@code count} events, generated lazily as the stream is consumed. */
    public Stream<Event> events(long count) {
        return StreamSupport.stream(
                Spliterators.spliterator(
                        new Run(count),
                        count,
                        Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT | Spliterator.IMMUTABLE),
                false);
    }

    /** The first {@code count} events in lists of {@code batchSize} (the last may be shorter), generated lazily. */
    public Iterator<List<Event>> batches(long count, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        }
        Run run = new Run(count);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return run.hasNext();
            }

            @Override
            public List<Event> next() {
                if (!run.hasNext()) {
                    throw new NoSuchElementException();
                }
                List<Event> batch = new ArrayList<>(batchSize);
                while (batch.size() < batchSize && run.hasNext()) {
                    batch.add(run.next());
                }
                return batch;
            }
        };
    }

    /** One pass over the sequence: a session is built whole, then handed out event by event. */
    private final class Run implements Iterator<Event> {

        private final long count;
        private final SplittableRandom random = new SplittableRandom(seed);
        private final List<Event> session = new ArrayList<>();
        private final List<Step> steps = new ArrayList<>();
        private long produced;
        private long sessions;
        private int cursor;

        Run(long count) {
            if (count < 0) {
                throw new IllegalArgumentException("count must not be negative: " + count);
            }
            this.count = count;
        }

        @Override
        public boolean hasNext() {
            return produced < count;
        }

        @Override
        public Event next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            if (cursor == session.size()) {
                nextSession();
            }
            produced++;
            return session.get(cursor++);
        }

        private void nextSession() {
            session.clear();
            steps.clear();
            cursor = 0;
            long sessionNumber = sessions++;
            int user = audience.draw(random);
            Visitor visitor = visitor(user);
            // One visit in eight is anonymous: it has a session but no user id.
            @Nullable String userId = random.nextInt(8) == 0 ? null : "user-" + user;
            String sessionId = "s-" + Long.toHexString(mix(seed, ~sessionNumber));
            @Nullable String referrer = random.nextInt(3) == 0 ? null : REFERRERS.draw(random);
            @Nullable String experiment = random.nextBoolean() ? null : (random.nextBoolean() ? "control" : "variant");

            steps.add(new Step("page_view", LANDING_PAGES.draw(random), 0));
            int views = random.nextInt(5);
            for (int i = 0; i < views; i++) {
                steps.add(new Step("page_view", BROWSING_PAGES.draw(random), 0));
            }
            if (userId != null && random.nextInt(16) == 0) {
                steps.add(new Step("signup", "/signup", 0));
            }
            if (random.nextDouble() < SEES_PRODUCT) {
                // Squaring skews interest toward a few best sellers.
                double u = random.nextDouble();
                int product = 1 + (int) (PRODUCTS * u * u);
                steps.add(new Step("page_view", "/product/" + product, product));
                if (random.nextDouble() < ADDS_TO_CART) {
                    steps.add(new Step("add_to_cart", "/product/" + product, product));
                    if (random.nextDouble() < CHECKS_OUT) {
                        steps.add(new Step("checkout", "/checkout", product));
                        if (random.nextDouble() < PURCHASES) {
                            steps.add(new Step("purchase", "/checkout/done", product));
                        }
                    }
                }
            }

            // Each page is read for its duration_ms before the next step; other steps take a few seconds.
            int size = steps.size();
            long[] offsets = new long[size];
            int[] durations = new int[size];
            int quantity = 1 + (random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0);
            for (int i = 0; i < size; i++) {
                if (steps.get(i).type().equals("page_view")) {
                    // Log-uniform from 0.2 s to about a minute: most pages are glanced at, a few are read.
                    durations[i] = 200 + (int) Math.exp(random.nextDouble() * 11);
                }
                if (i + 1 < size) {
                    long gap = durations[i] > 0 ? durations[i] * 1_000L : (2 + random.nextInt(30)) * MICROS_PER_SECOND;
                    offsets[i + 1] = offsets[i] + gap + random.nextInt(1_000_000);
                }
            }
            long length = offsets[size - 1];
            long range = Math.max(1, spanMicros - length);
            // A stream of its own per session: where a visit lands in time never changes what the visit is.
            SplittableRandom clock = new SplittableRandom(mix(seed ^ CLOCK_SALT, sessionNumber));
            long start = length < spanMicros
                    ? TrafficClock.start(clock, windowStartMicros, range, visitor.utcOffsetMinutes())
                            - windowStartMicros
                    : 0;

            for (int i = 0; i < size; i++) {
                Step step = steps.get(i);
                long offset = Math.min(start + offsets[i], spanMicros - 1);
                long index = produced + i;
                Event event = Event.builder(id(index), step.type(), micros(windowStartMicros + offset))
                        .userId(userId)
                        .sessionId(sessionId)
                        .country(visitor.country())
                        .device(visitor.device())
                        .browser(visitor.browser())
                        .os(visitor.os())
                        .page(step.page())
                        .referrer(i == 0 ? referrer : null)
                        .revenue(step.type().equals("purchase") ? revenue(step.product(), quantity) : null)
                        .properties(properties(step, durations[i], quantity, experiment))
                        .build();
                session.add(event);
            }
        }

        private Map<String, @Nullable Object> properties(
                Step step, int durationMs, int quantity, @Nullable String experiment) {
            Map<String, @Nullable Object> properties = new LinkedHashMap<>();
            switch (step.type()) {
                case "page_view" -> properties.put("duration_ms", durationMs);
                case "signup" -> properties.put("plan", PLANS.draw(random));
                case "add_to_cart" -> {
                    properties.put("product", "sku-" + step.product());
                    properties.put("quantity", quantity);
                }
                case "purchase" -> {
                    properties.put("items", quantity);
                    properties.put("first_order", random.nextInt(3) == 0);
                }
                default -> {}
            }
            if (experiment != null) {
                properties.put("experiment", experiment);
            }
            return properties;
        }
    }

    /** Quantity times the product's list price, whole cents. */
    private double revenue(int product, int quantity) {
        return Math.round(price(product) * quantity * 100) / 100.0;
    }

    /** A product's list price: log-uniform from 5 to about 600, fixed per seed and product. */
    private double price(int product) {
        double u = (mix(seed ^ 0x9121_CE5L, product) >>> 11) * 0x1.0p-53;
        return Math.round((5 + Math.exp(u * Math.log(600))) * 100) / 100.0;
    }

    /** What stays the same across a user's visits; drawn from the user's own stream, not the session's. */
    private Visitor visitor(int user) {
        SplittableRandom random = new SplittableRandom(mix(seed, user));
        String device = DEVICES.draw(random);
        boolean desktop = device.equals("desktop");
        String country = COUNTRIES.draw(random);
        return new Visitor(
                country,
                device,
                (desktop ? DESKTOP_BROWSERS : MOBILE_BROWSERS).draw(random),
                (desktop ? DESKTOP_OS : MOBILE_OS).draw(random),
                utcOffsetMinutes(country));
    }

    /** The visitor's local time, standard time only: close enough for a traffic shape. */
    static int utcOffsetMinutes(String country) {
        return switch (country) {
            case "US", "CA" -> -5 * 60;
            case "BR" -> -3 * 60;
            case "GB" -> 0;
            case "DE", "FR", "NL", "ES", "PL", "SE" -> 60;
            case "IN" -> 5 * 60 + 30;
            case "JP" -> 9 * 60;
            case "AU" -> 10 * 60;
            default -> 0;
        };
    }

    /** A random-looking version 4 UUID that depends only on the seed and the event's position. */
    private UUID id(long index) {
        long high = mix(seed, index);
        long low = mix(high, index ^ 0x5DEECE66DL);
        high = (high & ~0xF000L) | 0x4000L;
        low = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    /** SplitMix64 finalizer over a combination of two values. */
    private static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long epochMicros(Instant instant) {
        return Math.addExact(
                Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND), instant.getNano() / 1_000);
    }

    private static Instant micros(long epochMicros) {
        return Instant.ofEpochSecond(
                Math.floorDiv(epochMicros, MICROS_PER_SECOND), Math.floorMod(epochMicros, MICROS_PER_SECOND) * 1_000);
    }

    /** One event of a visit; {@code product} is 0 where none is involved. */
    private record Step(String type, String page, int product) {}

    private record Visitor(String country, String device, String browser, String os, int utcOffsetMinutes) {}
}
