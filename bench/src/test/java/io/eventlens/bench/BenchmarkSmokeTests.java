package io.eventlens.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensApplication;
import io.eventlens.core.ProjectId;
import io.eventlens.core.seed.EventGenerator;
import io.eventlens.core.storage.EventStorage;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs each benchmark program for a moment against the real application, started here on a random port with an
 * embedded PostgreSQL of its own, so the programs cannot rot: each must finish and print its results. The figures
 * of such a run mean nothing (tiny data, a busy JVM); docs/benchmarks.md has the real ones.
 */
class BenchmarkSmokeTests {

    private static final String API_KEY = "el_admin_bench-smoke-test-key-0000000000000";

    private static ConfigurableApplicationContext app;
    private static String baseUrl;
    private static String jdbc;

    @BeforeAll
    static void startTheApp() {
        Path dataDir = Path.of("target", "smoke-data", UUID.randomUUID().toString());
        app = new SpringApplicationBuilder(EventLensApplication.class)
                .run(
                        "--server.port=0",
                        "--eventlens.data-dir=" + dataDir,
                        "--eventlens.embedded-postgres.port=0",
                        "--eventlens.embedded-redis.port=0",
                        "--eventlens.security.demo-keys.admin=" + API_KEY,
                        "--eventlens.limits.queries-per-second=1000000",
                        "--eventlens.limits.ingest-events-per-second=100000000",
                        "--eventlens.limits.concurrent-subscriptions=100000");
        baseUrl = "http://localhost:" + app.getEnvironment().getRequiredProperty("local.server.port");
        jdbc = "jdbc:postgresql://localhost:"
                + app.getBean(EmbeddedPostgres.class).getPort() + "/eventlens?user=postgres";
        EventStorage storage = app.getBean(EventStorage.class);
        new EventGenerator(1, Instant.now(), Duration.ofDays(30), 500)
                .batches(5_000, 1_000)
                .forEachRemaining(
                        batch -> storage.write(ProjectId.DEFAULT, batch).block());
        storage.rollups().refresh(ProjectId.DEFAULT).block();
    }

    @AfterAll
    static void stopTheApp() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void readPathBenchmarkChecksItsAnswersAndPrintsEveryQuestion() throws Exception {
        String printed = printed(() -> ReadPathBenchmark.main(new String[] {
            "--url",
            baseUrl,
            "--key",
            API_KEY,
            "--pid",
            String.valueOf(ProcessHandle.current().pid()),
            "--jdbc",
            jdbc,
            "--ingest-rate",
            "100",
            "--queries",
            "5",
            "--warmup",
            "2",
            "--clients",
            "2",
            "--seconds",
            "1",
            "--background-seconds",
            "1",
            "--users",
            "500"
        }));

        assertThat(printed).contains("Answers checked equal to raw SQL");
        for (String question : new String[] {"Q1", "Q2", "Q3"}) {
            assertThat(printed).containsPattern("\\| " + question + " [^|]+ \\| 5 \\| [0-9.]+ ms");
            assertThat(printed).containsPattern("\\| " + question + " \\| [0-9]+ \\| [0-9.]+ ms");
        }
        assertThat(printed).containsPattern("\\| `\\{ __typename }` [^|]+ \\| 5 \\| [0-9.]+ ms");
        assertThat(printed)
                .doesNotContain("n/a (")
                .containsPattern("background ingest: [0-9,]+ events acknowledged, 0 failed");
    }

    @Test
    void ingestBenchmarkComparesHttpIngestWithCopy() throws Exception {
        String printed = printed(() -> IngestBenchmark.main(new String[] {
            "--url",
            baseUrl,
            "--key",
            API_KEY,
            "--jdbc",
            jdbc,
            "--events",
            "3000",
            "--batch",
            "500",
            "--clients",
            "2",
            "--users",
            "300"
        }));

        assertThat(printed)
                .containsPattern(
                        "HTTP ingest, POST /v1/events, answered after commit \\| [0-9,]+ events/s " + "\\(3,000 in")
                .containsPattern("COPY of the same rows .*\\| [0-9,]+ rows/s \\(3,000 in")
                .containsPattern("HTTP ingest as a share of COPY \\| [0-9.]+");

        // Live traffic: no timestamps, no ids, a steady offered rate; acknowledgements timed from when they were due,
        // after a warm-up that is not counted.
        String live = printed(() -> IngestBenchmark.main(new String[] {
            "--url",
            baseUrl,
            "--key",
            API_KEY,
            "--events",
            "1000",
            "--batch",
            "100",
            "--clients",
            "2",
            "--users",
            "300",
            "--live",
            "true",
            "--ids",
            "false",
            "--rate",
            "5000",
            "--warmup",
            "500"
        }));
        assertThat(live)
                .contains("offering 5,000 events/s, stamped on arrival, no ids")
                .containsPattern("warm-up, not counted: 500 events, [0-9,]+ events/s")
                .containsPattern("answered after commit \\| [0-9,]+ events/s \\(1,000 in");
    }

    @Test
    void liveBenchmarkMeasuresPushes() throws Exception {
        Path keys = Files.createTempFile("bench-keys", ".txt");
        Files.writeString(keys, "read=" + API_KEY + "\ningest=" + API_KEY + "\n");
        String printed = printed(() -> LiveBenchmark.run(new String[] {
            "--url",
            baseUrl,
            "--subscriptions",
            "10",
            "--connections",
            "2",
            "--inputs",
            "5",
            "--rate",
            "200",
            "--batch",
            "20",
            "--seconds",
            "2",
            "--keys",
            keys.toString()
        }));

        assertThat(printed).contains("ingest-to-push latency ms");
    }

    @Test
    void alertBenchmarkMeasuresEvaluationLag() throws Exception {
        String printed = printed(() -> AlertBenchmark.main(new String[] {
            "--url",
            baseUrl,
            "--key",
            API_KEY,
            "--rules",
            "20",
            "--types",
            "2",
            "--rate",
            "200",
            "--seconds",
            "3",
            "--settle",
            "2"
        }));

        assertThat(printed).containsPattern("rules crossed: [0-9,]+ of 20").contains("evaluation lag ms");
    }

    @Test
    void scanFloodBenchmarkComparesCheapReadsAloneAndBesideScans() throws Exception {
        String printed = printed(() -> ScanFloodBenchmark.main(
                new String[] {"--url", baseUrl, "--key", API_KEY, "--reads", "6", "--warmup", "3", "--scanners", "2"}));

        assertThat(printed)
                .containsPattern("\\| alone \\| [0-9.]+ ms")
                .containsPattern("\\| beside the scans \\| [0-9.]+ ms")
                .containsPattern("p95 beside the scans / p95 alone: [0-9.]+")
                .containsPattern("scans meanwhile: [0-9,]+ "
                        + "answered, [0-9,]+ refused OVERLOADED, [0-9,]+ stopped READ_TIMEOUT, 0 other errors");
    }

    @Test
    void generatorBenchmarkMeasuresGeneration() throws Exception {
        String printed = printed(() -> GeneratorBenchmark.main(new String[] {"--events", "20000"}));

        assertThat(printed).containsIgnoringCase("events/s");
    }

    /** A program that may throw, for {@link #printed}. */
    private interface Program {
        void run() throws Exception;
    }

    /** What the program printed to standard output, also echoed to the test log. */
    private static synchronized String printed(Program program) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            program.run();
        } finally {
            System.setOut(original);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        original.print(printed);
        return printed;
    }
}
