package io.eventlens.app.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.eventlens.app.EventLensApplication;
import io.eventlens.app.TestRun;
import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.OverviewQuery;
import io.eventlens.core.seed.EventGenerator;
import io.eventlens.core.storage.EventStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.test.StepVerifier;

class SeedCommandTests {

    private static final long EVENTS = 3_000;
    private static final long SEED = 20_250_330;
    private static final int USERS = 300;

    @Test
    void reseedingStoresNothingNewAndTheStoreHoldsExactlyTheGeneratedTraffic() {
        Path dataDir = Path.of("target", "test-data", TestRun.ID, "seed-" + UUID.randomUUID());
        String[] arguments = {
            "--events",
            String.valueOf(EVENTS),
            "--seed",
            String.valueOf(SEED),
            "--days",
            "10",
            "--users",
            String.valueOf(USERS),
            "--batch-size",
            "400",
            "--concurrency",
            "3",
            "--eventlens.data-dir=" + dataDir,
            "--eventlens.embedded-postgres.port=0",
            "--eventlens.embedded-redis.port=0"
        };

        Run first = run(arguments);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out())
                .contains("Seeded 3000 events: 3000 new, 0 duplicates in ")
                .contains("events/s");
        assertThat(first.err()).contains("Seeding");

        Run second = run(arguments);
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("Seeded 3000 events: 0 new, 3000 duplicates in ");

        // Users, sessions and revenue do not depend on "now", so any now gives the expected numbers.
        List<Event> expected = new EventGenerator(SEED, Instant.now(), Duration.ofDays(10), USERS)
                .events(EVENTS)
                .toList();
        long users = expected.stream()
                .map(Event::userId)
                .filter(Objects::nonNull)
                .distinct()
                .count();
        long sessions = expected.stream()
                .map(Event::sessionId)
                .filter(Objects::nonNull)
                .distinct()
                .count();
        double revenue = expected.stream()
                .map(Event::revenue)
                .filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .sum();

        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EventLensApplication.class)
                .web(WebApplicationType.NONE)
                .run(
                        "--eventlens.data-dir=" + dataDir,
                        "--eventlens.embedded-postgres.port=0",
                        "--eventlens.embedded-redis.port=0")) {
            context.getBean(EventStorage.class)
                    .overview(new OverviewQuery(ProjectId.DEFAULT, null, null, Instant.now()))
                    .as(StepVerifier::create)
                    .assertNext(overview -> {
                        assertThat(overview.events()).isEqualTo(EVENTS);
                        assertThat(overview.uniqueUsers()).isEqualTo(users);
                        assertThat(overview.sessions()).isEqualTo(sessions);
                        assertThat(overview.revenue()).isCloseTo(revenue, within(0.005));
                    })
                    .verifyComplete();
        }
    }

    @Test
    void runsBesideAnAppThatHoldsTheEmbeddedRedisPort() throws IOException {
        Path dataDir = Path.of("target", "test-data", TestRun.ID, "seed-" + UUID.randomUUID());
        // application.yml's port for the embedded Redis, held here as a running app would hold it.
        int appRedisPort = 63790;
        try (ServerSocket app = holdOrNull(appRedisPort)) {
            Run seed = run(
                    "--events",
                    "10",
                    "--seed",
                    "1",
                    "--eventlens.data-dir=" + dataDir,
                    "--eventlens.embedded-postgres.port=0");

            assertThat(seed.exitCode()).as(seed.err()).isZero();
            assertThat(seed.out()).contains("Seeded 10 events: 10 new");
        }
    }

    /** Binds the port; null when something else holds it already, which serves the test as well. */
    private static @Nullable ServerSocket holdOrNull(int port) {
        try {
            return new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            return null;
        }
    }

    @Test
    void badArgumentsPrintUsageAndExitWithTwo() {
        List<List<String>> bad = List.of(
                List.of(),
                List.of("--seed", "1"),
                List.of("--events", "10"),
                List.of("--events", "ten", "--seed", "1"),
                List.of("--events", "0", "--seed", "1"),
                List.of("--events", "10", "--seed", "1", "--days", "-3"),
                List.of("--events", "10", "--seed", "1", "--users", "0"),
                List.of("--events", "10", "--seed", "1", "--batch-size"),
                List.of("--events", "10", "--seed", "1", "--concurrency", "1000"),
                List.of("--events", "10", "--seed", "1", "--project", "Not A Project"),
                List.of("--events", "10", "--seed", "1", "--color"),
                List.of("--events", "10", "--seed", "1", "extra"));

        for (List<String> arguments : bad) {
            Run run = run(arguments.toArray(String[]::new));

            assertThat(run.exitCode()).as(arguments.toString()).isEqualTo(2);
            assertThat(run.err()).as(arguments.toString()).contains("usage: eventlens seed --events N --seed S");
            assertThat(run.out()).as(arguments.toString()).isEmpty();
        }
    }

    @Test
    void usageNamesTheArgumentAtFault() {
        assertThat(run("--events", "ten", "--seed", "1").err()).contains("--events must be a whole number: ten");
        assertThat(run("--events", "5").err()).contains("--seed is required");
        assertThat(run("--events", "5", "--seed", "1", "--color").err()).contains("unknown argument: --color");
    }

    private static Run run(String... arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = SeedCommand.run(
                EventLensApplication.class,
                arguments,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int exitCode, String out, String err) {}
}
