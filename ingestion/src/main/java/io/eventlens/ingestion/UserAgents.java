package io.eventlens.ingestion;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Device class, browser and operating system of a User-Agent, and whether it is a robot, by Yauaa (a maintained
 * rule-based analyzer). Its rules load in the background when the first browser event arrives (seconds of CPU, which
 * an instance that never collects from browsers never spends); requests arriving meanwhile wait for them, without
 * holding a thread. Answers are cached per User-Agent.
 */
final class UserAgents {

    /** What a User-Agent is. Absent parts are null. */
    record Agent(
            boolean robot,
            @Nullable String device,
            @Nullable String browser,
            @Nullable String os) {
        static final Agent ROBOT = new Agent(true, null, null, null);
    }

    private static final Logger log = LoggerFactory.getLogger(UserAgents.class);

    /** Yauaa's device classes of software that is no person's browser. */
    private static final Set<String> ROBOTS = Set.of("Robot", "Robot Mobile", "Robot Imitator", "Hacker", "Spy");

    private final AtomicReference<@Nullable CompletableFuture<UserAgentAnalyzer>> analyzer = new AtomicReference<>();

    Mono<Agent> analyze(@Nullable String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return Mono.just(Agent.ROBOT); // every browser sends one; scripts often do not
        }
        String bounded = userAgent.length() > 2048 ? userAgent.substring(0, 2048) : userAgent;
        return Mono.fromFuture(analyzer(), true).map(yauaa -> agent(yauaa.parse(bounded)));
    }

    private CompletableFuture<UserAgentAnalyzer> analyzer() {
        CompletableFuture<UserAgentAnalyzer> loading = analyzer.get();
        if (loading == null) {
            CompletableFuture<UserAgentAnalyzer> mine = new CompletableFuture<>();
            if (analyzer.compareAndSet(null, mine)) {
                CompletableFuture.runAsync(() -> {
                    long start = System.nanoTime();
                    try {
                        mine.complete(UserAgentAnalyzer.newBuilder()
                                .hideMatcherLoadStats()
                                .withCache(10_000)
                                .withField(UserAgent.DEVICE_CLASS)
                                .withField(UserAgent.AGENT_NAME)
                                .withField(UserAgent.OPERATING_SYSTEM_NAME)
                                .build());
                        log.info("User-Agent rules loaded in {} ms", (System.nanoTime() - start) / 1_000_000);
                    } catch (RuntimeException | Error e) {
                        mine.completeExceptionally(e);
                    }
                });
            }
            // Set above or by the caller that won the race, and never unset.
            loading = Objects.requireNonNull(analyzer.get(), "analyzer");
        }
        return loading;
    }

    private static Agent agent(UserAgent parsed) {
        String deviceClass = parsed.getValue(UserAgent.DEVICE_CLASS);
        if (ROBOTS.contains(deviceClass)) {
            return Agent.ROBOT;
        }
        return new Agent(
                false,
                device(deviceClass),
                known(parsed.getValue(UserAgent.AGENT_NAME)),
                os(parsed.getValue(UserAgent.OPERATING_SYSTEM_NAME)));
    }

    /** Our device classes, those of the rest of EventLens: desktop, mobile, tablet, else Yauaa's own in lower case. */
    private static @Nullable String device(String deviceClass) {
        return switch (deviceClass) {
            case "Desktop" -> "desktop";
            case "Phone", "Mobile" -> "mobile";
            case "Tablet" -> "tablet";
            case "Unknown", "" -> null;
            default -> deviceClass.toLowerCase(Locale.ROOT);
        };
    }

    private static @Nullable String os(String name) {
        return switch (name) {
            case "Windows NT" -> "Windows";
            case "Mac OS" -> "macOS";
            default -> known(name);
        };
    }

    private static @Nullable String known(@Nullable String value) {
        return value == null || value.isEmpty() || value.startsWith("Unknown") || value.startsWith("??") ? null : value;
    }
}
