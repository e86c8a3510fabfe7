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
import java.util.SplittableRandom;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * Generates plausible web-shop traffic, deterministically: the same seed gives the same events in the same order,
 * ids included, so loading a seed twice stores nothing new. Events come in sessions (a user's visit of a few page
 * views, sometimes a signup, a cart, a checkout and a purchase with revenue), spread over {@code span} before
 * {@code now}: {@code now - span <= timestamp < now}, microsecond precision. A shorter run is a prefix of a longer
 * one with the same seed; {@code now} only shifts timestamps, never ids.
 */
public final class EventGenerator {

    private static final Weighted<String> COUNTRIES = Weighted.of(choice("US", 30), choice("DE", 12),
            choice("GB", 10), choice("FR", 8), choice("IN", 8), choice("BR", 6), choice("CA", 5), choice("JP", 5),
            choice("NL", 4), choice("ES", 4), choice("AU", 3), choice("PL", 3), choice("SE", 2));
    private static final Weighted<String> DEVICES = Weighted.of(choice("desktop", 55), choice("mobile", 38),
            choice("tablet", 7));
    private static final Weighted<String> DESKTOP_OS = Weighted.of(choice("Windows", 60), choice("macOS", 30),
            choice("Linux", 10));
    private static final Weighted<String> MOBILE_OS = Weighted.of(choice("Android", 60), choice("iOS", 40));
    private static final Weighted<String> DESKTOP_BROWSERS = Weighted.of(choice("Chrome", 62), choice("Edge", 13),
            choice("Firefox", 12), choice("Safari", 13));
    private static final Weighted<String> MOBILE_BROWSERS = Weighted.of(choice("Chrome", 55),
            choice("Safari", 35), choice("Samsung Internet", 10));
    private static final Weighted<String> LANDING_PAGES = Weighted.of(choice("/", 40), choice("/pricing", 15),
            choice("/blog", 15), choice("/docs", 10), choice("/products", 20));
    private static final Weighted<String> BROWSING_PAGES = Weighted.of(choice("/products", 30),
            choice("/pricing", 15), choice("/docs", 15), choice("/blog", 10), choice("/about", 5),
            choice("/product/", 25));
    private static final Weighted<String> REFERRERS = Weighted.of(choice("google.com", 45),
            choice("bing.com", 6), choice("duckduckgo.com", 5), choice("twitter.com", 8),
            choice("news.ycombinator.com", 6), choice("reddit.com", 7), choice("github.com", 8),
            choice("linkedin.com", 5), choice("newsletter", 10));
    private static final Weighted<String> PLANS = Weighted.of(choice("free", 70), choice("pro", 25),
            choice("team", 5));

    private static final int PRODUCTS = 200;
    // Fixed, not derived from the count, so a shorter run stays a prefix of a longer one.
    private static final int USERS = 20_000;
    private static final long MAX_STEP_MICROS = Duration.ofMinutes(4).toNanos() / 1_000;
    private static final long MIN_STEP_MICROS = Duration.ofSeconds(2).toNanos() / 1_000;

    private final long seed;
    private final Instant now;
    private final long spanMicros;

    /**
     * @param seed selects the traffic; equal seeds give equal events
     * @param now the exclusive end of the time window (truncated to microseconds)
     * @param span how far back events reach, positive
     */
    public EventGenerator(long seed, Instant now, Duration span) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(span, "span");
        if (span.isNegative() || span.toNanos() < 1_000) {
            throw new IllegalArgumentException("span must be at least a microsecond: " + span);
        }
        this.seed = seed;
        this.now = now.truncatedTo(ChronoUnit.MICROS);
        this.spanMicros = span.toNanos() / 1_000;
    }

    /** The first {@code count} events, generated lazily as the stream is consumed. */
    public Stream<Event> events(long count) {
        return StreamSupport.stream(Spliterators.spliterator(new Run(count), count,
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT | Spliterator.IMMUTABLE), false);
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
            cursor = 0;
            long sessionNumber = sessions++;
            // Squaring skews visits toward low user numbers: a few regulars, a long tail of one-time visitors.
            double u = random.nextDouble();
            int user = (int) (USERS * u * u);
            Visitor visitor = visitor(user);
            // One visit in eight is anonymous: it has a session but no user id.
            @Nullable String userId = random.nextInt(8) == 0 ? null : "user-" + user;
            String sessionId = "s-" + Long.toHexString(mix(seed, ~sessionNumber));
            @Nullable String referrer = random.nextInt(3) == 0 ? null : REFERRERS.draw(random);
            @Nullable String experiment = random.nextBoolean() ? null : (random.nextBoolean() ? "control" : "variant");

            List<Step> steps = new ArrayList<>();
            steps.add(new Step("page_view", LANDING_PAGES.draw(random)));
            int views = random.nextInt(5);
            for (int i = 0; i < views; i++) {
                steps.add(new Step("page_view", page(BROWSING_PAGES.draw(random))));
            }
            if (userId != null && random.nextInt(10) == 0) {
                steps.add(new Step("signup", "/signup"));
            }
            if (random.nextInt(4) == 0) {
                steps.add(new Step("add_to_cart", page("/product/")));
                if (random.nextInt(2) == 0) {
                    steps.add(new Step("checkout", "/checkout"));
                    if (random.nextInt(10) < 7) {
                        steps.add(new Step("purchase", "/checkout/done"));
                    }
                }
            }

            long[] offsets = new long[steps.size()];
            for (int i = 1; i < offsets.length; i++) {
                offsets[i] = offsets[i - 1] + MIN_STEP_MICROS + (long) (random.nextDouble() * MAX_STEP_MICROS);
            }
            long length = offsets[offsets.length - 1];
            long start = length < spanMicros ? (long) (random.nextDouble() * (spanMicros - length)) : 0;
            Instant windowStart = now.minus(spanMicros, ChronoUnit.MICROS);

            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                long offset = Math.min(start + offsets[i], spanMicros - 1);
                long index = produced + i;
                Event event = Event.builder(id(index), step.type(), windowStart.plus(offset, ChronoUnit.MICROS))
                        .userId(userId)
                        .sessionId(sessionId)
                        .country(visitor.country())
                        .device(visitor.device())
                        .browser(visitor.browser())
                        .os(visitor.os())
                        .page(step.page())
                        .referrer(i == 0 ? referrer : null)
                        .revenue(step.type().equals("purchase") ? revenue() : null)
                        .properties(properties(step, experiment))
                        .build();
                session.add(event);
            }
        }

        private String page(String page) {
            return page.endsWith("/") && page.length() > 1 ? page + (1 + random.nextInt(PRODUCTS)) : page;
        }

        private double revenue() {
            // Mostly small baskets, a long tail of big ones; whole cents.
            double amount = 5 + Math.exp(random.nextDouble() * Math.log(600));
            return Math.round(amount * 100) / 100.0;
        }

        private Map<String, @Nullable Object> properties(Step step, @Nullable String experiment) {
            Map<String, @Nullable Object> properties = new LinkedHashMap<>();
            switch (step.type()) {
                case "page_view" -> properties.put("duration_ms", 200 + (int) (Math.exp(random.nextDouble() * 11)));
                case "signup" -> properties.put("plan", PLANS.draw(random));
                case "add_to_cart" -> {
                    properties.put("product", "sku-" + step.page().substring("/product/".length()));
                    properties.put("quantity", 1 + random.nextInt(3));
                }
                case "purchase" -> {
                    properties.put("items", 1 + random.nextInt(4));
                    properties.put("first_order", random.nextInt(3) == 0);
                }
                default -> {
                }
            }
            if (experiment != null) {
                properties.put("experiment", experiment);
            }
            return properties;
        }
    }

    /** What stays the same across a user's visits; drawn from the user's own stream, not the session's. */
    private Visitor visitor(int user) {
        SplittableRandom random = new SplittableRandom(mix(seed, user));
        String device = DEVICES.draw(random);
        boolean desktop = device.equals("desktop");
        return new Visitor(COUNTRIES.draw(random), device,
                (desktop ? DESKTOP_BROWSERS : MOBILE_BROWSERS).draw(random),
                (desktop ? DESKTOP_OS : MOBILE_OS).draw(random));
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

    private record Step(String type, String page) {
    }

    private record Visitor(String country, String device, String browser, String os) {
    }
}
